"""The writer's Database, with its row writes sent through Spark.

``kb load --engine spark`` runs the very writer ``kb load`` runs (kb.loaders.write.writer): the same
parse, diff, resolution, claim keys, snapshot closing, rejected rows and run record. Reads, the load
lock, the run record and clustering go through the driver as always; every ``UNWIND $rows`` write
(records, merged views, kind labels, match keys, claims, closings) becomes a DataFrame that the
connector writes in batches, several partitions at once where their rows cannot lock the same node.

What differs from ``kb load``: statements the writer groups in one transaction (a batch's records and
their match keys) run as consecutive Spark jobs, each committed batch by batch. A load killed midway
is run again as with ``kb load``, but a record written just before the kill may lack match keys until
``kb db reindex-names``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kb.db import Database, Row
from kb.loaders.spark import frames
from kb.loaders.spark.statements import convert

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DataSource = "org.neo4j.spark.DataSource"
Progress = Callable[[str, int, int], None]


class SparkDatabase(Database):
    """Shares ``db``'s driver (and closes nothing of it); ``parallel`` partitions write at once."""

    def __init__(self, db: Database, spark: SparkSession, parallel: int = 2, batch_size: int = 5_000) -> None:
        self.__dict__.update(db.__dict__)  # its driver and whatever else a Database holds
        self.spark = spark
        self.parallel = max(1, parallel)
        self.batch_size = batch_size
        self.rows_by_spark = 0
        self.jobs = 0

    def write(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        if self._through_spark(query, parameters or {}):
            return []
        return super().write(query, parameters)

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        for query, parameters in statements:
            if not self._through_spark(query, parameters):
                super().write(query, parameters)

    def close(self) -> None:  # the driver belongs to the Database this one wraps
        pass

    def _through_spark(self, query: str, parameters: Mapping[str, Any]) -> bool:
        statement = convert(query, parameters)
        if statement is None:
            return False
        for df in frames.frame(self.spark, statement, self.parallel):
            (
                df.write.format(DataSource)
                .mode("Overwrite")
                .option("query", statement.query)
                .option("batch.size", str(self.batch_size))
                .option("transaction.retries", "5")
                .save()
            )
            self.jobs += 1
        self.rows_by_spark += len(statement.rows)
        return True
