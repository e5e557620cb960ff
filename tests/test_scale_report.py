"""bench/scale_report.py: the growth exponents and the projection of `make bench-scale`."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _report() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "scale_report.py"
    spec = importlib.util.spec_from_file_location("scale_report", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


report = _report()


def _size(load: float | None, derive: float, store_mb: float, suggest: dict[str, Any]) -> dict[str, Any]:
    return {
        "load_incremental": {"seconds": load} if load is not None else None,
        "derive_warm": {"seconds": derive},
        "suggest": suggest,
        "store_mb": store_mb,
        "bundle": {"rows": 10, "megabytes": 1.0},
        "memory": {"heap": "1024m", "pagecache": "512m"},
    }


RESULTS = {
    "date": "2026-12-07",
    "sizes": {
        "1000": _size(10.0, 1.0, 100.0, {"seconds": 2.0}),
        # derive quadratic, load linear, suggest stopped at its cap a third of the way through
        "10000": _size(
            100.0,
            100.0,
            1000.0,
            {
                "seconds": None,
                "cap_seconds": 60.0,
                "stopped_after_seconds": 60.0,
                "entities_done": 3_000,
                "entities_total": 10_000,
                "extrapolated_seconds": 200.0,
            },
        ),
    },
}


def test_exponent_is_the_slope_on_log_log_axes() -> None:
    assert report.exponent(1000, 10.0, 10_000, 100.0) == pytest.approx(1.0)
    assert report.exponent(1000, 1.0, 10_000, 100.0) == pytest.approx(2.0)
    assert report.exponent(1000, 10.0, 3000, 10.0) == pytest.approx(0.0)
    assert report.exponent(1000, None, 10_000, 100.0) is None


def test_growth_table_marks_superlinear_stages_and_capped_ones() -> None:
    growth = report.growth(RESULTS)
    assert growth["load_incremental"] == [pytest.approx(1.0)]
    assert growth["derive_warm"] == [pytest.approx(2.0)]
    assert growth["suggest"] == [None]  # a capped stage has no time, only a bound
    text = report.markdown(RESULTS)
    derive_row = next(
        line for line in text.splitlines() if line.startswith("| derive every regime, one pass, warm")
    )
    assert derive_row.endswith("| **2.00** |")
    suggest_row = next(line for line in text.splitlines() if line.startswith("| `kb resolve suggest`"))
    assert "> 60 (cap; 3,000 of 10,000 entities, ~200 in all)" in suggest_row
    # lower bound from the time it ran (60 s against 2 s), and the extrapolated one (200 s)
    assert f"> {math.log(30) / math.log(10):.2f}" in suggest_row
    assert f"~{math.log(100) / math.log(10):.2f} extrapolated" in suggest_row


def test_projection_never_carries_a_stage_below_linear_and_marks_what_was_measured() -> None:
    rows = {row["entities"]: row for row in report.projection(RESULTS, (10_000, 100_000))}
    assert rows[10_000]["measured"] and rows[10_000]["derive_warm"] == 100.0
    projected = rows[100_000]
    assert not projected["measured"]
    assert projected["derive_warm"] == pytest.approx(100.0 * 10**2)  # its measured exponent, 2
    assert projected["load_incremental"] == pytest.approx(100.0 * 10)  # linear
    assert projected["store_gb"] == pytest.approx(10_000 / 1024)
    assert projected["pagecache_gb"] == pytest.approx(1.2 * 10_000 / 1024)
