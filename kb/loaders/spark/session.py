"""A Spark session with the Neo4j Connector for Apache Spark, pointed at the Neo4j kb talks to.

The connector comes from Maven Central through ``spark.jars.packages`` on first use and is cached
under ``~/.cache/kb/ivy`` (override with ``KB_SPARK_PACKAGES`` for another build, e.g. Scala 2.13).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from typing import TYPE_CHECKING

from kb.connection import Connection
from kb.errors import ConfigError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The connector build for Spark 3 on Scala 2.12, the Scala that PyPI's pyspark 3.5 ships. Its jar
# holds its common classes already; the separate common artifact its pom names is left out (Maven
# Central has the jar and the driver it needs, and not every release of that artifact).
CONNECTOR = "org.neo4j:neo4j-connector-apache-spark_2.12:5.0.3_for_spark_3"
EXCLUDED = "org.neo4j:neo4j-connector-apache-spark_2.12_common"


def check_requirements() -> None:
    """One line naming what is missing, before anything starts."""
    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError("--engine spark needs pyspark: pip install 'kb[spark]'")
    java_home = os.environ.get("JAVA_HOME")
    has_java = (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) or shutil.which("java")
    if not has_java:
        raise ConfigError("--engine spark needs Java (17 or 11) on PATH or in JAVA_HOME")


def cache_dir() -> str:
    return os.path.join(os.path.expanduser("~"), ".cache", "kb", "ivy")


def start(connection: Connection, master: str | None = None) -> SparkSession:
    check_requirements()
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("kb load")
        .master(master or os.environ.get("KB_SPARK_MASTER") or "local[*]")
        .config("spark.jars.packages", os.environ.get("KB_SPARK_PACKAGES") or CONNECTOR)
        .config("spark.jars.excludes", os.environ.get("KB_SPARK_EXCLUDES", EXCLUDED))
        .config("spark.jars.ivy", cache_dir())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("KB_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.sql.shuffle.partitions", "4")
        .config("neo4j.url", connection.uri)
        .config("neo4j.authentication.type", "basic")
        .config("neo4j.authentication.basic.username", connection.username)
        .config("neo4j.authentication.basic.password", connection.password)
    )
    if connection.database:
        builder = builder.config("neo4j.database", connection.database)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
