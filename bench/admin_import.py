"""The baseline of the load benchmark: the same bundle through ``neo4j-admin database import full``.

:func:`write_import_files` turns a bundle into the admin tool's CSV files (``:ID``, ``:LABEL``,
``:START_ID``, ``:END_ID``, ``:TYPE`` headers) shaped like the graph kb writes: an ``Entity`` and a
``SourceRecord`` (``DESCRIBES``) per entity, ``Identifier`` nodes (``HAS_IDENTIFIER``), the
``List`` nodes, and ``OWNS`` (stakes and JV stakes), ``CONTROLS`` and ``LISTED_ON`` relationships
carrying the same claim keys and properties. kb's bookkeeping (content hashes, first/last seen,
the ``LoadRun`` and ``Source`` nodes) is left out.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from admin_facts import ImportFiles, Out, read, write_facts

from kb.lists import LISTS
from kb.schema import KIND_LABELS
from kb.server import process
from kb.server.instance import Home, Instance

ENTITY = "id:ID(Entity),name,names:string[],kind,country,address,sources:string[],:LABEL"
RECORD = (
    "key:ID(SourceRecord),record_id,dataset,name,names:string[],kind,country,address,"
    "identifiers:string[],source,:LABEL"
)


def write_import_files(bundle: Path, folder: Path) -> ImportFiles:
    """Admin-import CSV files for ``bundle`` in ``folder``; the source is the bundle's folder name.

    Arrays (names, identifiers, programs, and the labels) are separated by ``|`` as in the bundle.
    """
    source = bundle.name
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles()
    jvs = {row["jv_id"] for row in read(bundle / "jvs.csv")}
    entity = Out(files, folder, "entities.csv", ENTITY, node=True)
    record = Out(files, folder, "records.csv", RECORD, node=True)
    identifier = Out(files, folder, "identifiers.csv", "key:ID(Identifier),scheme,value,:LABEL", node=True)
    lists = Out(files, folder, "lists.csv", "code:ID(List),name,authority,jurisdiction,:LABEL", node=True)
    describes = Out(
        files, folder, "describes.csv", ":START_ID(SourceRecord),:END_ID(Entity),:TYPE", node=False
    )
    has = Out(files, folder, "has_identifier.csv", ":START_ID(Entity),:END_ID(Identifier),:TYPE", node=False)
    for info in LISTS.values():
        lists.row(info.code, info.name, info.authority or "", info.jurisdiction or "", "List")
    files.labels["List"] += len(LISTS)
    for row in read(bundle / "entities.csv"):
        kind = row["kind"] or "company"
        labels = ["Entity", KIND_LABELS[kind]] + (["JointVenture"] if row["id"] in jvs else [])
        said_by = row["source"] or source
        sources = source if said_by == source else f"{source}|{said_by}"
        entity.row(
            row["id"],
            row["name"],
            row["names"],
            kind,
            row["country"],
            row["address"],
            sources,
            "|".join(labels),
        )
        key = f"{source}|{row['id']}"
        record.row(
            key,
            row["id"],
            source,
            row["name"],
            row["names"],
            kind,
            row["country"],
            row["address"],
            row["identifiers"],
            said_by,
            "SourceRecord",
        )
        describes.row(key, row["id"], "DESCRIBES")
        files.labels.update([*labels, "SourceRecord"])
        for value in filter(None, row["identifiers"].split("|")):
            scheme, _, code = value.partition(":")
            identifier.row(value, scheme, code, "Identifier")
            has.row(row["id"], value, "HAS_IDENTIFIER")
            files.labels["Identifier"] += 1
        files.types["DESCRIBES"] += 1
    files.types["HAS_IDENTIFIER"] = files.labels["Identifier"]
    for out in (entity, record, identifier, lists, describes, has):
        out.close()
    write_facts(bundle, folder, files, source)
    return files


def run_import(instance: Instance, home: Home, files: ImportFiles, heap: str, off_heap: str) -> float:
    """Run the admin tool into database ``neo4j`` of ``home`` (server stopped); return its seconds."""
    argv = [
        instance.java,
        f"-Xmx{heap}",
        "-cp",
        process.classpath(instance),
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination",
        "--array-delimiter=|",
        "--threads=2",
        f"--max-off-heap-memory={off_heap}",
        f"--report-file={home.root / 'import.report'}",
        *(f"--nodes={path}" for path in files.nodes),
        *(f"--relationships={path}" for path in files.relationships),
    ]
    started = time.perf_counter()
    done = subprocess.run(argv, env=process.neo4j_env(home), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"neo4j-admin database import failed ({done.returncode}):\n{tail}")
    return seconds
