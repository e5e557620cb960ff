"""The writer's Database, with its row writes sent through Spark.

``kb load --engine spark`` runs the very writer ``kb load`` runs (kb.loaders.write.writer): the same
parse, diff, resolution, claim keys, snapshot closing, rejected rows and run record. Reads, the load
lock, the run record and clustering go through the driver as always; every ``UNWIND $rows`` write
(records, merged views, kind labels, match keys, claims, closings) becomes a DataFrame that the
connector writes in batches, several partitions at once where their rows cannot lock the same node.

What differs from ``kb load``: statements the writer groups in one transaction (a batch's records and
their match keys) run as consecutive Spark jobs, each committed batch by batch; a new Entity's match
keys, which ``kb load`` sends as two lists (each key once, and positions into it), go as one row per
Entity, the form the connector takes. The writer hands Spark every row of a statement at once, so a
statement that must go through the driver instead (a merged view: its subquery returns) runs a
transaction a batch: one transaction of a whole load's rows would exhaust the server's heap (the
match keys did, at 1M entities, before they went through the connector). A load
killed midway is run again as with ``kb load``, but a record written just before the kill may lack
match keys until ``kb db reindex-names``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kb import queries
from kb.db import Database, Row
from kb.loaders.spark import frames
from kb.loaders.spark.statements import convert, unwound
from kb.loaders.write import match_keys

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DataSource = "org.neo4j.spark.DataSource"
_CREATE_MATCH_KEYS = queries.find("load/create_match_keys").text
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
        query, parameters = _one_list(query, parameters or {})
        if self._through_spark(query, parameters):
            return []
        listed = unwound(query)
        rows = parameters.get(listed) if listed else None
        lists = [name for name, value in parameters.items() if isinstance(value, list)]
        if listed is not None and isinstance(rows, list) and rows and lists == [listed]:
            # Rows unwound one by one, nothing else listed (a merged view's Entities): a transaction
            # a batch through the driver, as the connector commits the statements it runs.
            answers: list[Row] = []
            for start in range(0, len(rows), self.batch_size):
                part = {**parameters, listed: rows[start : start + self.batch_size]}
                answers.extend(super().write(query, part))
            return answers
        return super().write(query, parameters)

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        for query, parameters in statements:
            self.write(query, parameters)

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


def _one_list(query: str, parameters: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """New Entities' match keys as add_match_keys rows ({id, keys}): the same links, one list."""
    if query != _CREATE_MATCH_KEYS:
        return query, parameters
    keys = parameters["keys"]
    rows = [{"id": row["id"], "keys": [keys[at] for at in row["at"]]} for row in parameters["rows"]]
    return match_keys.add_match_keys(rows=rows)
