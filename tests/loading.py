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
