"""UK PSC ``natures_of_control`` codes as kb facts.

Shares, LLP or partnership surplus-asset rights and voting rights come in bands ("more than 25% but
not more than 50%"): a stake with pct_min/pct_max (the lower bound is exclusive in law; kb keeps the
number). Rights to appoint or remove directors, LLP members or partnership managers are
board-appointment controls; significant influence or control is dominant influence; an overseas
entity holding UK land as nominee for the person is an ``other`` control. The ``-as-trust``,
``-as-firm`` and ``-as-control-over-...`` variants have the same bands and bases: the person
controls a trust or firm whose trustees or members hold the right, so those stakes are derived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BAND = re.compile(r"-(\d+)-to-(\d+)-percent")
_MORE_THAN = re.compile(r"-more-than-(\d+)-percent")
_VIA = re.compile(r"-as-(trust|firm|control-over-trust|control-over-firm)(-|$)")

STAKES = (
    ("ownership-of-shares-", "equity"), ("right-to-share-surplus-assets-", "equity"),
    ("part-right-to-share-surplus-assets-", "equity"), ("voting-rights-", "voting"),
)  # fmt: skip
CONTROLS = (
    ("right-to-appoint-and-remove-directors", "board_appointment"),
    ("right-to-appoint-and-remove-members", "board_appointment"),
    ("right-to-appoint-and-remove-person", "board_appointment"),
    ("significant-influence-or-control", "dominant_influence"),
    ("registered-owner-as-nominee-", "other"),
)


@dataclass(frozen=True)
class Nature:
    fact: str  # stake | control
    basis: str  # equity | voting for stakes; a ControlRecord basis for controls
    pct_min: float | None = None
    pct_max: float | None = None
    derived: bool = False  # held through a trust or firm the person controls


def nature(code: str) -> Nature | None:
    """What one nature-of-control code states; None for a code kb does not know."""
    via = bool(_VIA.search(code))
    for prefix, basis in STAKES:
        if code.startswith(prefix):
            if band := _BAND.search(code):
                low, high = float(band.group(1)), float(band.group(2))
            elif more := _MORE_THAN.search(code):
                low, high = float(more.group(1)), 100.0
            else:
                return None
            return Nature("stake", basis, low, high, via)
    for prefix, basis in CONTROLS:
        if code.startswith(prefix):
            return Nature("control", basis, derived=via)
    return None
