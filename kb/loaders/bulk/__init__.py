"""``kb load --bulk``: a cold load into kb's own, empty, local database with neo4j-admin import.

For the first load of a large source (millions of rows) into a new graph. The graph it builds is
the one the incremental writer would build, so every later load of the source is incremental.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from kb import admin
from kb.db import Database
from kb.errors import LoadError, RowRejected
from kb.loaders.bulk import import_files
from kb.loaders.dataset import Dataset
from kb.loaders.write import claims, runs, writer
from kb.queries import run, wrapper
from kb.server import manage, process
from kb.server.instance import Home


def bulk_load(home: Home, dataset: Dataset, options: writer.LoadOptions) -> writer.LoadReport:
    instance = home.load()
    if instance is None:
        raise LoadError("--bulk loads into kb's own local server: run `kb server install` first")
    lists = writer.lists_of(dataset)
    mapping = import_files.entity_mapping(dataset.entities, dataset.source.name)
    valid = {kind.name: writer.known_facts(dataset, kind, mapping) for kind in claims.KINDS}
    if options.strict and len(dataset.issues):
        raise RowRejected(f"--strict: {dataset.issues.issues[0].line()}")
    _check_empty(home)
    started = runs.now()
    run_id = runs.new_run_id(started)
    if process.running_pid(home) is not None:
        manage.stop(home)
    with tempfile.TemporaryDirectory(prefix="bulk-", dir=home.root) as tmp:
        counts = import_files.write_all(Path(tmp), dataset, mapping, valid, run_id, started)
        options.progress("import files", 1, 1)
        _import(home, import_files.ImportFiles.found(Path(tmp)))
    options.progress("neo4j-admin import", 1, 1)
    manage.start(home)
    with Database(manage.local_connection(instance, home)) as db:
        admin.init(db)
        runs.start_run(db, run_id, dataset.source, options.fmt, options.path, options.checksum, lists)
        runs.finish_run(db, run_id, "succeeded", {**counts, "bulk": 1}, dataset.issues)
    return writer.LoadReport(run_id, dataset.source.name, "succeeded", counts, len(dataset.issues))


@wrapper("load/count_nodes")
def count_nodes(db: Database) -> int:
    return int(run(db, "load/count_nodes")[0]["n"])


def _check_empty(home: Home) -> None:
    """A store never created is empty; otherwise ask the server."""
    store = home.data / "databases" / "neo4j"
    if process.running_pid(home) is None and not (store.exists() and any(store.iterdir())):
        return
    if process.running_pid(home) is None:
        manage.start(home)
    instance = home.load()
    assert instance is not None
    with Database(manage.local_connection(instance, home)) as db:
        held = count_nodes(db)
    if held:
        raise LoadError(
            f"--bulk needs an empty database and this one holds {held} nodes: "
            "load without --bulk (incremental), or `kb db wipe --yes` first"
        )


def _import(home: Home, files: import_files.ImportFiles) -> None:
    instance = home.load()
    assert instance is not None
    argv = [
        instance.java, f"-Xmx{instance.heap}", "-cp", process.classpath(instance), "org.neo4j.cli.AdminTool",
        "database", "import", "full", "neo4j", "--overwrite-destination",
        f"--array-delimiter={import_files.ARRAY}",
        f"--report-file={home.logs / 'import.report'}",
        *(f"--nodes={path}" for path in files.nodes),
        *(f"--relationships={path}" for path in files.relationships),
    ]  # fmt: skip
    done = subprocess.run(argv, env=process.neo4j_env(home), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        flagged = [line for line in lines if "rror" in line or "xception" in line]
        problem = (flagged or lines or [""])[0 if flagged else -1]
        raise LoadError(f"neo4j-admin import failed: {problem.strip()} (see {home.logs / 'import.report'})")
