"""Synthetic bundles for tests and benchmarks: realistic in shape, reproducible byte for byte.

``synth(entities, seed, out)`` writes a bundle (see :mod:`kb.loaders.formats.bundle.files`) of
``entities`` entities to the folder ``out``:

* about 12% persons, the rest companies in corporate groups whose sizes follow a Pareto tail
  (2 up to ``max(50, entities // 100)`` members), 1 to 8 layers deep, with heavy-tailed fan-out
  (preferential attachment), subsidiaries mostly in the parent's country, some offshore;
* about 1.5 ownership rows per entity: each subsidiary's controlling parent, minority owners
  (earlier members of the group, persons, companies of other groups: cross-holdings), owners of
  group parents (mostly persons), ownership cycles (a subsidiary holding shares of its group
  parent; mutual holdings between two groups), a share of stakes as ranges (``pct_min``/``pct_max``,
  PSC-style bands) or of unknown size, dated changes (a stake raised from an earlier, smaller one;
  former owners with an ``end_date``), dual-class voting stakes;
* joint ventures of a group member and one or two other companies (``jvs.csv``), a little
  control without ownership (``control.csv``);
* listings (about 2 rows per 100 entities): 1% of group parents on one to four of EL, MEU, SDN,
  1260H, CMIC, EU, UK by country profile, some of their subsidiaries as affiliates, other
  subsidiaries (more often in CN, RU, IR…) and persons (SDN, EU, UK);
* names in Latin script, Chinese companies and persons with their Chinese name (one in five uses
  it as the primary name); valid LEIs and USCCs on a few companies, unique per company.

Invariant: the owners of one company hold at most 100% (per basis) at any date, counting a range at
its upper bound and an unknown stake as nothing. The deliberate exception, about one owned
company in 2,000, is a second source's stake that pushes the total above 100%: that row carries
``x_problem=pct_sum_over_100`` in ``ownership.csv``. ``x_group`` in ``entities.csv`` names each
company's group parent. The bundle reader ignores ``x_`` columns, so the bundle reads with no
issue at all.

Same ``(entities, seed)``, same bytes: everything is drawn from one ``random.Random(seed)`` in a
fixed order. The rows are streamed group by group; a million entities take about 20 seconds.
"""

from __future__ import annotations

from pathlib import Path

from kb.errors import UsageError
from kb.synth.groups import Generator

__all__ = ["synth"]


def synth(entities: int, seed: int, out: Path) -> dict[str, int]:
    """Write a synthetic bundle of ``entities`` entities to ``out``; return what it holds."""
    if entities < 1:
        raise UsageError("a synthetic bundle needs at least 1 entity")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    generator = Generator(entities, seed, out)
    try:
        return generator.run()
    finally:
        generator.close()
