"""Rows as Spark DataFrames with an explicit schema, for the connector to write.

The schema is read off every row (not Spark's sampling), so a field that is null in most rows and a
list in one keeps its type; nested maps are structs, which the connector writes as Neo4j maps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kb.loaders.spark.statements import CONSTANT_PREFIX, SparkStatement, encode
from kb.loaders.write import partitions

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import DataType, StructType

ROW = "row"
SLOT = "_slot"


def _type_of(values: Iterable[Any]) -> DataType:
    from pyspark.sql import types as T

    seen = [v for v in values if v is not None]
    if not seen:
        return T.StringType()
    first = seen[0]
    if isinstance(first, bool):
        return T.BooleanType()
    if isinstance(first, int):
        return T.DoubleType() if any(isinstance(v, float) for v in seen) else T.LongType()
    if isinstance(first, float):
        return T.DoubleType()
    if isinstance(first, dt.datetime):
        return T.TimestampType()
    if isinstance(first, dt.date):
        return T.DateType()
    if isinstance(first, list | tuple):
        return T.ArrayType(_type_of(item for v in seen for item in v), containsNull=True)
    if isinstance(first, Mapping):
        return struct_of(seen)
    return T.StringType()


def struct_of(rows: list[Mapping[str, Any]]) -> StructType:
    from pyspark.sql import types as T

    names = list(dict.fromkeys(name for row in rows for name in row))
    return T.StructType(
        [T.StructField(name, _type_of(row.get(name) for row in rows), nullable=True) for name in names]
    )


def _plain(value: Any) -> Any:
    """Plain dicts and lists all the way down (Spark fills structs from dicts by field name)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def frame(spark: SparkSession, statement: SparkStatement, parallel: int) -> list[DataFrame]:
    """The statement's rows as DataFrames to write one after another: rows joining two nodes (``a``
    and ``b``) in node-disjoint rounds; rows that merge shared nodes (identifiers, match keys) in one
    partition; the rest, each on its own nodes, in ``parallel``.

    Each kb row travels whole in the column ``ROW`` as a one-element list: the connector flattens a
    map column into ``name.field`` keys, but leaves maps inside a list as maps."""
    from pyspark.sql import types as T

    constants = {CONSTANT_PREFIX + k: encode(v) for k, v in statement.constants.items()}
    fields = [T.StructField(ROW, T.ArrayType(struct_of(statement.rows)), nullable=False)]
    fields += [T.StructField(k, _type_of([v]), nullable=True) for k, v in constants.items()]
    values = tuple(_plain(v) for v in constants.values())
    pairs = parallel > 1 and all("a" in row and "b" in row for row in statement.rows)
    if not pairs:
        schema = T.StructType(fields)
        df = spark.createDataFrame([([_plain(row)], *values) for row in statement.rows], schema)
        if statement.merges or parallel == 1:
            return [df.coalesce(1)]
        return [df.repartition(parallel)]
    schema = T.StructType([*fields, T.StructField(SLOT, T.LongType(), nullable=False)])
    rounds: dict[int, list[tuple[Any, ...]]] = {}
    for row in statement.rows:
        r, slot = partitions.round_and_slot(str(row["a"]), str(row["b"]), parallel)
        rounds.setdefault(r, []).append(([_plain(row)], *values, slot))
    return [
        spark.createDataFrame(rounds[r], schema).repartitionByRange(parallel, SLOT).drop(SLOT)
        for r in sorted(rounds)
    ]
