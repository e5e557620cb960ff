"""A bundle's next full snapshot read as the lines that changed since the last one kb loaded.

After a full-snapshot load of a bundle that rejected no row, kb keeps a copy of its files under
``$KB_HOME/snapshots``. The next snapshot of the same source is compared with that copy line by
line: only added lines are parsed and written, and removed lines are parsed to learn which
records and claims to close. Everything else is exactly what the graph already holds, so a 1%
change to a million-row bundle costs seconds, not a full diff.

The copy is trusted only while it still describes the graph: same database store, and the
newest load run of the source is the one that kept it (a ``--partial`` or failed load since
then, a wiped database, a rejected row, all send the load down the full diff). Anything a line
diff cannot see exactly (a changed header, a file added or dropped, a repeated line, a quoted
cell spanning lines) does too.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from kb.loaders.dataset import Dataset, LineDelta
from kb.loaders.formats import bundle
from kb.loaders.formats.bundle.files import FILES, BundleFile
from kb.loaders.read import read_text
from kb.loaders.write import claims
from kb.paths import kb_home

RUN_FILE = "kept-run.json"


def kept_folder(store: str, source: str) -> Path:
    digest = hashlib.sha256(f"{store}\0{source}".encode()).hexdigest()[:24]
    return kb_home() / "snapshots" / digest


def kept_run(store: str, source: str) -> str | None:
    meta = kept_folder(store, source) / RUN_FILE
    return str(json.loads(meta.read_text())["run"]) if meta.exists() else None


def keep(store: str, folder: Path, source: str, run_id: str) -> None:
    """Replace the kept copy of ``source`` with ``folder``'s bundle files, loaded by ``run_id``."""
    target = kept_folder(store, source)
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for spec in FILES:
        if (folder / spec.name).exists():
            shutil.copyfile(folder / spec.name, fresh / spec.name)
    (fresh / RUN_FILE).write_text(json.dumps({"run": run_id, "source": source, "folder": str(folder)}))
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)


def forget(store: str, source: str) -> None:
    shutil.rmtree(kept_folder(store, source), ignore_errors=True)


def _lines(path: Path) -> list[str]:
    return read_text(path, allow_empty=True).split("\n")


Rows = list[tuple[int, dict[str, str]]]


def _changed_file(spec: BundleFile, old: Path, new: Path) -> tuple[Rows, Rows, int] | None:
    """(added rows, removed rows, unchanged lines) of one file, or None when a line diff cannot
    tell exactly."""
    if old.read_bytes() == new.read_bytes():  # the common case for most files of a snapshot
        body = [line for line in _lines(new)[1:] if line]
        return [], [], len(body)
    before, after = _lines(old), _lines(new)
    if before[0] != after[0]:
        return None  # another header: column positions may differ
    body = [line for line in after[1:] if line]
    old_set, new_set = set(before[1:]), set(body)
    if len(new_set) != len(body):
        return None  # a repeated line: the full parse reports it, a set cannot
    added = [(number, line) for number, line in enumerate(after[1:], start=2) if line and line not in old_set]
    removed = [line for line in before[1:] if line and line not in new_set]
    if any(line.count('"') % 2 for _, line in added) or any(line.count('"') % 2 for line in removed):
        return None  # a quoted cell spanning lines
    header = after[0] + "\n"
    rows_added = list(
        bundle.read_rows(new, spec, header + "\n".join(line for _, line in added), [n for n, _ in added])
    )
    removed_text = header + "\n".join(removed)
    rows_removed = list(bundle.read_rows(old, spec, removed_text, list(range(2, len(removed) + 2))))
    return rows_added, rows_removed, len(body) - len(added)


def read(folder: Path, kept: Path) -> Dataset | None:
    """The snapshot in ``folder`` as a Dataset of its added lines, or None when not exact."""
    names = [spec.name for spec in FILES if (folder / spec.name).exists()]
    if [spec.name for spec in FILES if (kept / spec.name).exists()] != names:
        return None
    added: dict[str, list[tuple[int, dict[str, str]]]] = {}
    removed: dict[str, list[tuple[int, dict[str, str]]]] = {}
    unchanged: dict[str, int] = {}
    for spec in FILES:
        if spec.name not in names:
            continue
        changed = _changed_file(spec, kept / spec.name, folder / spec.name)
        if changed is None:
            return None
        added[spec.name], removed[spec.name], unchanged[spec.name] = changed
    old = bundle.parse_rows(folder.name, removed)
    if len(old.issues):
        return None  # the kept copy no longer parses as it did (a newer kb?)
    dataset = bundle.parse_rows(folder.name, added).dataset()
    before = old.dataset()
    source = dataset.source.name
    dataset.line_delta = LineDelta(
        entities={record["id"] for record in before.entities},
        claims={
            kind.name: {claims.claim_key(source, kind, r) for r in claims.records(before, kind)}
            for kind in claims.KINDS
        },
        unchanged={kind: unchanged.get(dataset.file_of(kind), 0) for kind in ("entities", *KIND_NAMES)},
    )
    return dataset


KIND_NAMES = tuple(kind.name for kind in claims.KINDS)
