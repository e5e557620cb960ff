"""kb's bundle format as data: which files, which columns, which are required.

A bundle is a folder of UTF-8 CSV files with a header row; ``entities.csv`` is required, the
others optional; an empty cell means unknown; a column not listed here is an error unless its
name starts with ``x_``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.schema import CONTROL_BASES as CONTROL_BASES
from kb.schema import KINDS as KINDS
from kb.schema import STAKE_BASES as STAKE_BASES
from kb.schema import TRUST_POWERS as TRUST_POWERS
from kb.schema import TRUST_ROLES as TRUST_ROLES


@dataclass(frozen=True)
class BundleFile:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]


ENTITIES = BundleFile(
    "entities.csv",
    ("id", "name", "kind", "country", "names", "identifiers", "address", "source"),
    ("id", "name"),
)
OWNERSHIP = BundleFile(
    "ownership.csv",
    ("owner_id", "owned_id", "pct", "pct_min", "pct_max", "basis", "start_date", "end_date", "source",
     "derived"),
    ("owner_id", "owned_id"),
)  # fmt: skip
CONTROL = BundleFile(
    "control.csv",
    ("controller_id", "controlled_id", "basis", "start_date", "end_date", "source"),
    ("controller_id", "controlled_id", "basis"),
)
LISTINGS = BundleFile(
    "listings.csv",
    ("entity_id", "list", "programs", "start_date", "end_date", "citation", "license_requirement",
     "license_policy", "source"),
    ("entity_id", "list"),
)  # fmt: skip
JVS = BundleFile(
    "jvs.csv",
    ("jv_id", "partner_id", "pct", "pct_min", "pct_max", "start_date", "end_date", "purpose", "source"),
    ("jv_id", "partner_id"),
)

# A party's role in a trust, and the powers it keeps (`|`-separated; `none`: the source says none).
TRUST_ROLES_FILE = BundleFile(
    "trust_roles.csv",
    ("party_id", "trust_id", "role", "powers", "start_date", "end_date", "source"),
    ("party_id", "trust_id", "role"),
)

FILES: tuple[BundleFile, ...] = (ENTITIES, OWNERSHIP, CONTROL, LISTINGS, JVS, TRUST_ROLES_FILE)
