"""Shared by the loader tests: where the real samples are, and a load as `kb load` does it."""

from __future__ import annotations

import os
from pathlib import Path

from kb.db import Database
from kb.loaders import registry, writer

REAL = Path(os.environ.get("KB_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")) / "data" / "real"


def load_path(db: Database, fmt: str, path: Path) -> writer.LoadReport:
    """Parse ``path`` as ``fmt`` and write it, like ``kb load FORMAT PATH``."""
    dataset = registry.parser(fmt)(path)
    return writer.load(db, dataset, writer.LoadOptions(fmt, str(path), registry.checksum(path)))
