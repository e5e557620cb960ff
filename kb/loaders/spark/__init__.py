"""``kb load FORMAT PATH --engine spark``: kb's parsers and writer, with the row writes done by Apache
Spark through the Neo4j Connector for Apache Spark (see docs/spark.md and
:mod:`kb.loaders.spark.database`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kb.db import Database
from kb.loaders import Parser
from kb.loaders.dataset import Dataset
from kb.loaders.spark import session
from kb.loaders.spark.database import SparkDatabase
from kb.loaders.write import pipeline, writer

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The writer's batches for Spark: each statement's rows go to Spark whole, in one job, and the
# connector cuts them into transactions of --batch-size rows.
WHOLE = 10_000_000


def load(
    db: Database,
    parse: Parser,
    path: Path,
    options: writer.LoadOptions,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    parallel: int = 2,
    partial: bool = False,
    note: Callable[[str], None] = lambda message: None,
    changed_lines: bool = True,
) -> tuple[writer.LoadReport, Dataset]:
    """``pipeline.load`` (as ``kb load``) with its row writes through ``spark`` (else a session
    started on ``master``, local by default)."""
    if spark is None:
        spark = session.start(db.connection, master)
    through = SparkDatabase(db, spark, parallel, options.batch_size)
    whole = replace(options, batch_size=max(options.batch_size, WHOLE))
    return pipeline.load(through, parse, path, whole, partial, note, changed_lines)
