"""Stakes of the synthetic bundle: how one owned company's equity is split among its owners.

Amounts are integer hundredths of a percent, so the sums are exact. The owners of one company
never hold more than 100% at any date, counting a range at its upper bound and a stake of unknown
size as nothing; the one exception is a deliberate data problem (see :func:`over_100_row`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence

Row = list[str]
WHOLE = 10_000  # 100.00 %
BANDS = ((500, 1_000), (1_000, 2_500), (2_500, 5_000), (5_000, 7_500), (7_500, 10_000))
STAKE_SOURCES = ("registry", "registry", "annual-report", "gleif-rr", "psc", "filing", "press")
OVER_100 = "pct_sum_over_100"  # the x_problem flag of a deliberate over-100 row
FIRST_DAY = dt.date(1995, 1, 1).toordinal()
LAST_DAY = dt.date(2024, 12, 31).toordinal()
UNKNOWN_SHARE, RANGE_SHARE, DATED_SHARE = 0.05, 0.10, 0.25
HISTORY_SHARE, VOTING_SHARE, EXIT_SHARE = 0.04, 0.02, 0.02


def pct(hundredths: int) -> str:
    whole, rest = divmod(hundredths, 100)
    return str(whole) if rest == 0 else f"{whole}.{rest:02d}".rstrip("0")


def day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _band(amount: int) -> tuple[int, int]:
    return next(band for band in BANDS if amount <= band[1])


class Allocator:
    """Writes the ownership rows of one owned company at a time; counts what it wrote."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counts: Counter[str] = Counter()

    def owned_by(self, owned: str, owners: Sequence[str], primary: bool) -> tuple[list[Row], int, int]:
        """Rows for ``owners`` of ``owned`` (the first one the controlling parent when ``primary``),
        the hundredths they take up, and the hundredths the first owner's current stake takes up."""
        rng = self.rng
        rows: list[Row] = []
        remaining = WHOLE
        first = 0
        extras = len(owners) - (1 if primary else 0)
        for position, owner in enumerate(owners):
            if primary and position == 0:
                if extras == 0:
                    amount = WHOLE if rng.random() < 0.7 else rng.randint(5_001, 9_999)
                else:
                    amount = rng.randint(5_001, 9_500) if rng.random() < 0.8 else rng.randint(2_000, 5_000)
            elif position == len(owners) - 1 and rng.random() < 0.4:
                amount = remaining
            else:
                amount = int(remaining * rng.uniform(0.15, 0.8))
            taken = self._stake(rows, owner, owned, amount, remaining, primary and position == 0)
            first = taken if position == 0 else first
            remaining -= taken
        return rows, WHOLE - remaining, first

    def _stake(self, rows: list[Row], owner: str, owned: str, amount: int, room: int, primary: bool) -> int:
        """Append the row(s) of one stake; return the hundredths it takes up."""
        rng = self.rng
        start = day(rng.randint(FIRST_DAY, LAST_DAY)) if rng.random() < DATED_SHARE else ""
        source = rng.choice(STAKE_SOURCES)
        draw = rng.random()
        if amount <= 0 or draw < UNKNOWN_SHARE:
            self.counts["unknown_pct"] += 1
            rows.append([owner, owned, "", "", "", "equity", start, "", source, "", ""])
            return 0
        low, high = _band(amount)
        if draw < UNKNOWN_SHARE + RANGE_SHARE and high <= room:
            self.counts["ranges"] += 1
            rows.append([owner, owned, "", pct(low), pct(high), "equity", start, "", source, "", ""])
            return high
        end = ""
        if not primary and rng.random() < EXIT_SHARE:  # a former owner: sold out, still takes up its share
            first = rng.randint(FIRST_DAY, LAST_DAY - 400)
            start, end = day(first), day(rng.randint(first + 100, LAST_DAY))
            self.counts["exited"] += 1
        elif amount >= 200 and rng.random() < HISTORY_SHARE:  # raised from a smaller earlier stake
            raised = rng.randint(FIRST_DAY + 4_000, LAST_DAY)
            earlier = rng.randint(raised - 4_000, raised - 100)
            start = day(raised)
            rows.append([owner, owned, pct(rng.randint(1, amount - 1)), "", "", "equity", day(earlier), start,
                         source, "", ""])  # fmt: skip
            self.counts["history"] += 1
        rows.append([owner, owned, pct(amount), "", "", "equity", start, end, source, "", ""])
        if primary and rng.random() < VOTING_SHARE:  # dual-class shares: more votes than equity
            rows.append([owner, owned, pct(rng.randint(amount, WHOLE)), "", "", "voting", start, "", source,
                         "", ""])  # fmt: skip
            self.counts["voting"] += 1
        return amount

    def over_100_row(self, owner: str, owned: str, first: int) -> Row:
        """A deliberate data problem: a second source's stake that, with the controlling stake
        (``first`` hundredths, held from its start on), adds up to more than 100%.

        The row carries ``x_problem=pct_sum_over_100``; every owned company with such a row is a
        known over-100 case, and no other company's stakes add up to more than 100%.
        """
        self.counts["over_100"] += 1
        amount = self.rng.randint(WHOLE + 1 - first, WHOLE)
        return [owner, owned, pct(amount), "", "", "equity", "", "", "press", "", OVER_100]
