"""Shared by the loader tests: the real samples (see shared_data), and a load as `kb load` does it."""

from __future__ import annotations

from pathlib import Path

from shared_data import SampleFolder

from kb import loaders
from kb.db import Database
from kb.loaders.write import writer

REAL = SampleFolder()


def load_path(db: Database, fmt: str, path: Path) -> writer.LoadReport:
    """Parse ``path`` as ``fmt`` and write it, like ``kb load FORMAT PATH``."""
    dataset = loaders.parser(fmt)(path)
    return writer.load(db, dataset, writer.LoadOptions(fmt, str(path), loaders.checksum(path)))


def load_overlapping_lists(db: Database) -> Database:
    """CSL, OFAC's non-SDN (CMIC) entries, the SDN sample and the 1260H list: one company on several."""
    load_path(db, "ofac", REAL / "ns_cmic" / "cons_prim_cmic_plus_ssi.csv")
    load_path(db, "ofac", REAL / "ofac_sdn" / "sdn_subset.csv")
    load_path(db, "csl", REAL / "csl" / "csl_consolidated_2019_115rows.csv")
    load_path(db, "1260h", REAL / "dod_1260h" / "opensanctions_us_dod_chinese_milcorps_sanctions.csv")
    return db
