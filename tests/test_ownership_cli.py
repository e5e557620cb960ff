"""kb owners, subsidiaries, paths, ownership and ubo against a real Neo4j, with hand-computed answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from loading import load_path

from kb.db import Database
from kb.ownership.effective import walk_sums

Kb = Callable[..., Run]
OWNERSHIP_HEADER = "owner_id,owned_id,pct,pct_min,pct_max,basis,start_date,end_date,source,derived\n"


@pytest.fixture
def graph(db: Database, schema_ready: None, tmp_path: Path) -> Callable[..., None]:
    """Load a bundle: entity ids (optionally ``id:kind``), ownership rows, control rows; each
    ``dataset`` is a source of its own (one claim per source and pair)."""

    def load(ids: str, ownership: str = "", control: str = "", dataset: str = "bundle") -> None:
        folder = tmp_path / dataset
        folder.mkdir(exist_ok=True)
        rows = []
        for item in ids.split():
            entity, _, kind = item.partition(":")
            rows.append(f"{entity},{entity.upper()} Ltd,{kind or 'company'},DE\n")
        (folder / "entities.csv").write_text("id,name,kind,country\n" + "".join(rows), encoding="utf-8")
        (folder / "ownership.csv").write_text(OWNERSHIP_HEADER + ownership, encoding="utf-8")
        (folder / "control.csv").write_text(
            "controller_id,controlled_id,basis,start_date,end_date,source\n" + control, encoding="utf-8"
        )
        report = load_path(db, "bundle", folder)
        assert report.rejected == 0, report

    return load


def stakes(*rows: str) -> str:
    """``"x a 50"`` rows; more fields as ``key=value`` (pct_min, pct_max, basis, start, end, source, derived)."""
    out = []
    for row in rows:
        owner, owned, pct, *more = row.split()
        extra = dict(item.split("=") for item in more)
        fields = [
            owner, owned, "" if pct == "?" else pct, extra.get("pct_min", ""), extra.get("pct_max", ""),
            extra.get("basis", "equity"), extra.get("start", ""), extra.get("end", ""),
            extra.get("source", "filing"), extra.get("derived", "false"),
        ]  # fmt: skip
        out.append(",".join(fields) + "\n")
    return "".join(out)


def as_json(done: Run) -> Any:
    assert done.code == 0, done.err
    return json.loads(done.out)


def effective(kb: Kb, owner: str, target: str, *more: str) -> tuple[float, float]:
    record = as_json(kb("ownership", owner, "--in", target, "--format", "json", *more))
    return record["min_pct"], record["max_pct"]


# --- effective ownership -------------------------------------------------------------------------


def test_ofac_faq_401_example_1_chain_multiplies(graph: Callable[..., None], kb: Kb) -> None:
    graph("x a b", stakes("x a 50", "a b 50"))
    record = as_json(kb("ownership", "x", "--in", "b", "-f", "json"))
    assert record["min_pct"] == record["max_pct"] == 25.0
    assert record["effective"] == "25%" and record["connected"] is True and record["capped"] is False
    assert (record["owner_id"], record["target_id"], record["basis"]) == ("x", "b", "equity")
    assert "no sanctions regime" in record["note"]


def test_ofac_faq_401_example_2_paths_add_up(graph: Callable[..., None], kb: Kb) -> None:
    graph("x a b c", stakes("x a 25", "x b 25", "a c 50", "b c 50"))
    assert effective(kb, "x", "c") == (25.0, 25.0)


def test_cross_holding_cycle_is_solved_exactly(graph: Callable[..., None], kb: Kb) -> None:
    # A owns 50% of B, B owns 20% of A, X owns 60% of A. Every walk X->A->B->A->...:
    # x_A = 0.6 + 0.2 x_B and x_B = 0.5 x_A, so x_A = 0.6 / (1 - 0.1) = 2/3 and x_B = 1/3.
    graph("x a b", stakes("a b 50", "b a 20", "x a 60"))
    assert effective(kb, "x", "a") == (float(Fraction(200, 3)),) * 2  # exact: solved over fractions
    assert effective(kb, "x", "b") == (float(Fraction(100, 3)),) * 2
    # A's share of B counts the walks around the cycle too: 0.5 / (1 - 0.5 * 0.2) = 5/9.
    assert effective(kb, "a", "b") == (float(Fraction(500, 9)),) * 2


def test_walk_sums_are_exact_fractions() -> None:
    half, fifth, three_fifths = Fraction(1, 2), Fraction(1, 5), Fraction(3, 5)
    weights = {"a": {"b": half}, "b": {"a": fifth}, "x": {"a": three_fifths}}
    solution = walk_sums(weights, "a", {"a", "b", "x"})
    # y_a (walks a->...->a) = 1/2 * 1/5 * (1 + y_a) = 1/9; y_b = 1/5 * (1 + y_a) = 2/9; y_x = 3/5 * 10/9
    assert solution.value == {"x": Fraction(2, 3), "a": Fraction(1, 9), "b": Fraction(2, 9)}
    assert solution.capped == set()


def test_ranges_and_unknown_sizes_give_min_and_max(graph: Callable[..., None], kb: Kb) -> None:
    graph(
        "x y z a t",
        stakes("x a ? pct_min=20 pct_max=40", "a t 50", "y a ?", "z a ? pct_min=10"),
    )
    assert effective(kb, "x", "t") == (10.0, 20.0)  # [20, 40] x 50%
    assert effective(kb, "y", "t") == (0.0, 50.0)  # unknown: 0 to 100, times 50%
    assert effective(kb, "z", "t") == (5.0, 50.0)  # at least 10, at most 100


def test_two_claims_on_one_stake_are_a_range_never_a_sum(graph: Callable[..., None], kb: Kb) -> None:
    graph("x a", stakes("x a 30"), dataset="registry")
    graph("x a", stakes("x a 40"), dataset="press")
    assert effective(kb, "x", "a") == (30.0, 40.0)


def test_more_than_everything_is_capped_at_100(graph: Callable[..., None], kb: Kb) -> None:
    graph("x a b t", stakes("x a ?", "x b ?", "a t 100", "b t 100"))
    record = as_json(kb("ownership", "x", "--in", "t", "-f", "json"))
    assert (record["min_pct"], record["max_pct"], record["capped"]) == (0.0, 100.0, True)


def test_unknown_stakes_in_a_cycle_are_capped_not_infinite(graph: Callable[..., None], kb: Kb) -> None:
    # At their highs a and b own all of each other: the walk sums diverge, a's share of b is cut
    # to 100%, and x, holding 10% of a, reaches at most 10% of b.
    graph("x a b", stakes("x a 10", "a b ?", "b a ?"))
    record = as_json(kb("ownership", "x", "--in", "b", "-f", "json"))
    assert (record["min_pct"], record["max_pct"], record["capped"]) == (0.0, pytest.approx(10.0), True)
    record = as_json(kb("ownership", "a", "--in", "b", "-f", "json"))
    assert (record["min_pct"], record["max_pct"], record["capped"]) == (0.0, pytest.approx(100.0), True)


def test_bases_are_never_mixed_and_derived_figures_never_count(graph: Callable[..., None], kb: Kb) -> None:
    graph("x a t", stakes("x a 50", "a t 40", "a t 90 basis=voting", "x t 70 derived=true"))
    assert effective(kb, "x", "t") == (20.0, 20.0)
    assert effective(kb, "x", "t", "--basis", "voting") == (0.0, 0.0)
    assert effective(kb, "a", "t", "--basis", "voting") == (90.0, 90.0)
    record = as_json(kb("ownership", "t", "--in", "x", "-f", "json"))
    assert (record["connected"], record["max_pct"]) == (False, 0.0)


def test_as_of_reads_the_stakes_valid_then(graph: Callable[..., None], kb: Kb) -> None:
    graph("x a", stakes("x a 60 start=2020-01-01 end=2024-01-01", "x a 10 start=2024-01-01 source=later"))
    assert effective(kb, "x", "a", "--as-of", "2023-12-31") == (60.0, 60.0)
    assert effective(kb, "x", "a", "--as-of", "2024-01-01") == (10.0, 10.0)  # end_date is exclusive
    assert effective(kb, "x", "a", "--as-of", "2019-06-30") == (0.0, 0.0)
    done = kb("ownership", "x", "--in", "a", "--as-of", "2024-13-01")
    assert done.code == 2 and "YYYY-MM-DD" in done.err


# --- ultimate owners -----------------------------------------------------------------------------


def test_ubo_lists_roots_and_persons_reaching_the_threshold(graph: Callable[..., None], kb: Kb) -> None:
    # T <- H 100%; H <- R 70%, P 30% (a person); R <- S 80%, Q 20% (a person).
    graph("t h r s p:person q:person", stakes("h t 100", "r h 70", "p h 30", "s r 80", "q r 20"))
    rows = as_json(kb("ubo", "t", "-f", "json"))
    assert [(r["id"], r["reason"], r["kind"]) for r in rows] == [
        ("s", "root", "company"),
        ("p", "root+person", "person"),
    ]
    assert [(r["min_pct"], r["max_pct"], r["effective"]) for r in rows] == [
        (pytest.approx(56.0), pytest.approx(56.0), "56%"),
        (30.0, 30.0, "30%"),
    ]
    assert [r["id"] for r in as_json(kb("ubo", "t", "--threshold", "10", "-f", "json"))] == ["s", "p", "q"]
    assert [r["id"] for r in as_json(kb("ubo", "t", "--threshold", "50", "-f", "json"))] == ["s"]
    assert kb("ubo", "t", "--threshold", "0").code == 2


def test_ubo_threshold_tests_the_maximum(graph: Callable[..., None], kb: Kb) -> None:
    graph("t r p:person", stakes("r t ? pct_min=10 pct_max=30", "p t ?"))
    rows = as_json(kb("ubo", "t", "-f", "json"))
    assert [(r["id"], r["min_pct"], r["max_pct"], r["effective"]) for r in rows] == [
        ("p", 0.0, 100.0, "0-100%"),
        ("r", 10.0, 30.0, "10-30%"),
    ]
    assert as_json(kb("ubo", "r", "-f", "json")) == []  # no owners at all


# --- owners and subsidiaries ---------------------------------------------------------------------

TREE = stakes(
    "a t 60", "b t 10", "c t ?", "d a 50", "t d 5", "e b ? pct_min=20 pct_max=30", "x t 70 derived=true"
)


def tree(kb: Kb, *args: str) -> list[tuple[Any, ...]]:
    rows = as_json(kb(*args, "--format", "json"))
    link = "holds_in" if args[0] == "owners" else "held_by"
    return [(r["depth"], r["id"], r[link], r["stake"]) for r in rows]


def test_owners_tree_follows_paths_and_ends_on_cycles(graph: Callable[..., None], kb: Kb) -> None:
    graph("t a b c d e x", TREE)
    assert tree(kb, "owners", "t") == [
        (1, "a", "t", "60%"),
        (2, "d", "a", "50%"),  # d's owner is t itself: the path stops there
        (1, "b", "t", "10%"),
        (2, "e", "b", "20-30%"),
        (1, "c", "t", "unknown"),
    ]
    rows = as_json(kb("owners", "t", "--depth", "1", "-f", "json"))
    assert rows[0] == {
        "depth": 1, "id": "a", "name": "A Ltd", "country": "DE", "kind": "company", "holds_in": "t",
        "holds_in_name": "T Ltd", "stake": "60%", "pct": 60.0, "pct_min": None, "pct_max": None,
        "basis": "equity", "jv": False, "derived": False, "source": "filing", "start_date": None,
        "end_date": None,
    }  # fmt: skip
    assert [r["id"] for r in rows] == ["a", "b", "c"]


def test_min_pct_keeps_stakes_reaching_it(graph: Callable[..., None], kb: Kb) -> None:
    graph("t a b c d e x", TREE)
    assert tree(kb, "owners", "t", "--min-pct", "50") == [(1, "a", "t", "60%"), (2, "d", "a", "50%")]
    assert tree(kb, "owners", "t", "--min-pct", "10") == [
        (1, "a", "t", "60%"),
        (2, "d", "a", "50%"),
        (1, "b", "t", "10%"),
        (2, "e", "b", "20-30%"),  # a range reaches it by its high end; the unknown c drops out
    ]
    assert kb("owners", "t", "--min-pct", "101").code == 2


def test_derived_figures_only_when_asked(graph: Callable[..., None], kb: Kb) -> None:
    graph("t a b c d e x", TREE)
    rows = tree(kb, "owners", "t", "--depth", "1", "--include-derived")
    assert rows[0] == (1, "x", "t", "70%") and len(rows) == 4


def test_subsidiaries_tree_and_cycles(graph: Callable[..., None], kb: Kb) -> None:
    graph("t a b c d e x", TREE)
    assert tree(kb, "subsidiaries", "d", "--depth", "10") == [(1, "a", "d", "50%"), (2, "t", "a", "60%")]
    graph("p q r", stakes("p q 50", "q r 50", "r p 50"))
    assert tree(kb, "subsidiaries", "p", "--depth", "50") == [(1, "q", "p", "50%"), (2, "r", "q", "50%")]
    assert tree(kb, "owners", "p", "--depth", "50") == [(1, "r", "p", "50%"), (2, "q", "r", "50%")]
    assert kb("owners", "p", "--depth", "0").code == 2


def test_tree_as_of_and_table_output(graph: Callable[..., None], kb: Kb) -> None:
    graph("t a b", stakes("a t 60 end=2020-01-01", "b t 40 start=2020-01-01"))
    assert tree(kb, "owners", "t") == [(1, "b", "t", "40%")]
    assert tree(kb, "owners", "t", "--as-of", "2019-12-31") == [(1, "a", "t", "60%")]
    done = kb("owners", "t")
    assert done.code == 0 and done.out.splitlines()[0].split()[:6] == [
        "depth",
        "id",
        "name",
        "country",
        "kind",
        "holds_in",
    ]
    assert "owners of t (T Ltd, DE)" in done.err
    done = kb("subsidiaries", "b", "-f", "csv")
    assert done.out.splitlines()[1].startswith(
        "1,t,T Ltd,DE,company,b,B Ltd,40%,40.0,,,equity,false,false,filing,2020-01-01,"
    )


# --- paths ---------------------------------------------------------------------------------------


def test_paths_go_through_control_and_come_shortest_first(graph: Callable[..., None], kb: Kb) -> None:
    graph(
        "a b m n",
        stakes("m b 60", "a b 10", "a n 50", "n m 30"),
        control="a,m,board_appointment,,,charter\n",
    )
    found = as_json(kb("paths", "a", "b", "-f", "json"))
    hops = [[(s["from"], s["type"], s["link"], s["to"]) for s in p["steps"]] for p in found]
    assert hops == [
        [("a", "OWNS", "10%", "b")],
        [("a", "CONTROLS", "control", "m"), ("m", "OWNS", "60%", "b")],
        [("a", "OWNS", "50%", "n"), ("n", "OWNS", "30%", "m"), ("m", "OWNS", "60%", "b")],
    ]
    assert [(p["path"], p["hops"]) for p in found] == [(1, 1), (2, 2), (3, 3)]
    control = found[1]["steps"][0]
    assert (control["basis"], control["source"], control["from_name"], control["to_name"]) == (
        "board_appointment", "charter", "A Ltd", "M Ltd",
    )  # fmt: skip
    assert found[0]["steps"][0]["basis"] == "equity" and found[0]["steps"][0]["pct"] == 10.0
    assert [p["hops"] for p in as_json(kb("paths", "a", "b", "--max-hops", "2", "-f", "json"))] == [1, 2]
    assert as_json(kb("paths", "b", "a", "-f", "json")) == []  # owner to owned only
    done = kb("paths", "a", "b")
    assert done.code == 0 and done.out.splitlines()[0].split()[:4] == ["path", "step", "from", "from_name"]
    assert kb("paths", "a", "b", "--max-hops", "11").code == 2
    assert kb("paths", "a", "a").code == 2


def test_paths_skip_cycles_and_ended_links(graph: Callable[..., None], kb: Kb) -> None:
    graph("a b c", stakes("a b 50", "b a 50", "b c 50", "a c 5 end=2020-01-01"))
    assert [p["hops"] for p in as_json(kb("paths", "a", "c", "-f", "json"))] == [2]
    assert [p["hops"] for p in as_json(kb("paths", "a", "c", "--as-of", "2019-01-01", "-f", "json"))] == [
        1,
        2,
    ]
