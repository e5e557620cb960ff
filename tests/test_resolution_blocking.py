"""Blocking: candidates share a stored key; common words do not make everything a candidate."""

from __future__ import annotations

from kb.resolution import Blocker, PartyRecord, blocking_keys
from kb.resolution.workers import forked_pool


def test_keys_are_plain_strings_per_kind_of_evidence() -> None:
    keys = blocking_keys(
        PartyRecord.build("Nanjing Kaikai Technology Co., Ltd.", identifiers=["LEI:21380068P1DRHMJ8KU70"])
    )
    assert "id:LEI:21380068P1DRHMJ8KU70" in keys
    assert "w:kaikai" in keys
    assert "w:technology" not in keys  # generic: it would block half the list together
    assert "j:nankinkaikaiteknoloki" in keys


def test_chinese_meets_pinyin_and_traditional_meets_simplified() -> None:
    chinese = blocking_keys(PartyRecord.build("浪潮集團有限公司"))
    assert chinese & blocking_keys(PartyRecord.build("Langchao Group Co Ltd"))
    assert chinese & blocking_keys(PartyRecord.build("浪潮电子信息产业股份有限公司"))


def test_candidates_find_variants_and_skip_unrelated_records() -> None:
    records = [
        PartyRecord.build("DANDONG ZHONGSHENG INDUSTRY & TRADE CO., LTD."),
        PartyRecord.build("AEROSKYONE CO. LTD"),
        PartyRecord.build("CNOOC"),
        PartyRecord.build("KOREA COMPUTER CENTER"),
        PartyRecord.build("Zakharov Nikita Aleksandrovich", kind="person"),
    ]
    blocker = Blocker(records)
    assert blocker.candidates(
        PartyRecord.build("DANDONG ZHONGSHONG INDUSTRY AND TRADE CORPORATION LTD.")
    ) == [0]
    assert blocker.candidates(PartyRecord.build("AERO SKY ONE LTD")) == [1]
    assert blocker.candidates(PartyRecord.build("China National Offshore Oil Corporation")) == [2]
    assert blocker.candidates(PartyRecord.build("Захаров Никита Александрович", kind="person")) == [4]
    assert blocker.candidates(PartyRecord.build("Gulf Gate Spedition GmbH")) == []


def test_a_key_shared_by_too_many_records_is_skipped_but_identifiers_never_are() -> None:
    records = [
        PartyRecord.build(f"Zhongxing {n} Trading", identifiers=[f"IMO:{9176187 if n == 0 else 9074729}"])
        for n in range(5)
    ]
    blocker = Blocker(records, max_block=3)
    probe = PartyRecord.build("Zhongxing Trading", identifiers=["IMO:9176187"])
    assert blocker.candidates(probe) == [0]  # "zhongxing" blocks 5 > 3 records: only the IMO counts
    assert list(Blocker(records, max_block=3).pairs()) == [(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)]


def _territory_tables_loaded(_: int) -> int:
    from rigour.territories.lookup import _get_territory_names

    return _get_territory_names.cache_info().currsize


def test_workers_of_a_matching_pool_start_with_the_territory_table_loaded() -> None:
    # Loading it costs about a second of CPU in every process that reads a country word; a pool
    # forked after warm() shares the parent's copy instead.
    from rigour.territories.lookup import _get_territory_names, lookup_territory

    _get_territory_names.cache_clear()  # as in a fresh process: no table, no cached answers
    lookup_territory.cache_clear()
    with forked_pool(2) as pool:
        assert pool.map(_territory_tables_loaded, range(2)) == [1, 1]
