"""kb.resolution.clusters: which records are one party, from the records and the judgements alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kb.resolution.clusters import Link, Node, cluster, rank

LEI_A, LEI_B = "LEI:5493001KJTIIGC8Y1R12", "LEI:549300RDQ5HX7WO1OW32"


def test_shared_strong_identifiers_and_record_ids_join_registry_numbers_do_not() -> None:
    found = cluster(
        [
            Node("gleif|gleif:1", "gleif:1", (LEI_A,)),
            Node("bods|bods:9", "bods:9", (LEI_A, "REG_GB:123")),
            Node("psc|psc:3", "psc:3", ("REG_GB:123",)),
            Node("one|acme", "acme"),
            Node("two|acme", "acme"),
        ]
    )
    assert found.entity["gleif|gleif:1"] == found.entity["bods|bods:9"] == "bods:9"
    assert found.entity["psc|psc:3"] == "psc:3"
    assert found.entity["one|acme"] == found.entity["two|acme"] == "acme"


def test_a_rejection_and_two_values_of_an_exclusive_scheme_keep_records_apart() -> None:
    nodes = [Node("a|x", "x", (LEI_A, "USCC:1")), Node("b|y", "y", (LEI_B, "USCC:1")), Node("c|z", "z")]
    found = cluster(
        nodes, [Link("res-1", "2026-01-01", "a|x", "c|z"), Link("res-2", "2026-01-02", "b|y", "c|z")]
    )
    assert found.entity["a|x"] == found.entity["c|z"] != found.entity["b|y"]  # the earlier accept holds
    assert [(r.via, r.reason) for r in found.refused] == [
        ("res-2", f"different LEI: {LEI_A.split(':')[1]} vs {LEI_B.split(':')[1]}"),
        ("id:USCC:1", f"different LEI: {LEI_A.split(':')[1]} vs {LEI_B.split(':')[1]}"),
    ]
    apart = cluster(nodes[:1] + nodes[2:], [Link("res-1", "2026-01-01", "a|x", "c|z")], [("c|z", "a|x")])
    assert apart.entity["a|x"] != apart.entity["c|z"]
    assert "judged different" in apart.refused[0].reason


def test_the_entity_id_is_the_record_id_with_fewest_prefixes_then_the_smallest() -> None:
    assert sorted(["csl:ofac:1", "ofac:1", "zeta"], key=lambda r: rank(r, r)) == [
        "zeta",
        "ofac:1",
        "csl:ofac:1",
    ]
    found = cluster(
        [
            Node("csl|csl:ofac:1", "csl:ofac:1", ("OFAC_UID:1",)),
            Node("ofac|ofac:1", "ofac:1", ("OFAC_UID:1",)),
        ]
    )
    assert set(found.entity.values()) == {"ofac:1"}


NODES = [
    Node(f"s{i % 3}|r{i}", f"r{i % 5}", tuple(f"LEI:{v}" for v in ((LEI_A,) if i % 4 == 0 else ())))
    for i in range(9)
]


@given(
    order=st.permutations(range(len(NODES))),
    links=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=6),
    negatives=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=3),
)
def test_the_clusters_do_not_depend_on_the_order_records_and_judgements_come_in(
    order: list[int], links: list[tuple[int, int]], negatives: list[tuple[int, int]]
) -> None:
    judged = [
        Link(f"res-{n}", f"2026-01-{n + 1:02d}", NODES[a].key, NODES[b].key) for n, (a, b) in enumerate(links)
    ]
    apart = [(NODES[a].key, NODES[b].key) for a, b in negatives if a != b]
    first = cluster(NODES, judged, apart)
    again = cluster([NODES[i] for i in order], list(reversed(judged)), list(reversed(apart)))
    assert first.entity == again.entity
    for a, b in apart:
        assert first.entity[a] != first.entity[b]
