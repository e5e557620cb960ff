"""Load runs (what ran, on what, with what outcome) and the lock that serialises loads."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
import time
from typing import Any

from kb.db import Database, Row
from kb.errors import LoadLocked, QueryError
from kb.lists import LISTS
from kb.loaders.dataset import SourceInfo
from kb.loaders.issues import IssueLog
from kb.loaders.write.claims import CLAIM_FORMAT
from kb.queries import run, wrapper

LOCK = "load"
MAX_STORED_REJECTS = 1_000

_START = """
MERGE (source:Source {name: $source.name})
  ON CREATE SET source.claim_format = $claim_format
SET source.publisher = coalesce($source.publisher, source.publisher),
    source.url = coalesce($source.url, source.url),
    source.licence = coalesce($source.licence, source.licence)
CREATE (run:LoadRun {id: $id, source: $source.name, format: $format, path: $path, checksum: $checksum,
                     started_at: $now, status: 'running', host: $host, pid: $pid})
CREATE (run)-[:OF_SOURCE]->(source)
WITH run
UNWIND $lists AS list
MERGE (l:List {code: list.code})
SET l.name = list.name, l.authority = list.authority, l.jurisdiction = list.jurisdiction
"""

_FINISH = """
MATCH (run:LoadRun {id: $id})
SET run += $counts, run.status = $status, run.finished_at = $now, run.error = $error,
    run.rejected_rows = $rejected_rows
WITH run
MATCH (run)-[:OF_SOURCE]->(source:Source)
SET source.retrieved_at = CASE WHEN $status = 'succeeded' THEN $now ELSE source.retrieved_at END
"""


@wrapper("runs/list_runs")
def list_runs(db: Database, limit: int = 20) -> list[Row]:
    return run(db, "runs/list_runs", limit=limit)


@wrapper("runs/get_run")
def get_run(db: Database, run_id: str) -> dict[str, Any] | None:
    rows = run(db, "runs/get_run", run_id=run_id)
    return dict(rows[0]["run"]) if rows else None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_run_id(moment: dt.datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def start_run(db: Database, run_id: str, source: SourceInfo, fmt: str, path: str, checksum: str) -> None:
    db.write(
        _START,
        {
            "id": run_id, "format": fmt, "path": path, "checksum": checksum, "now": now(),
            "host": socket.gethostname(), "pid": os.getpid(),
            "source": {"name": source.name, "publisher": source.publisher, "url": source.url,
                       "licence": source.licence},
            "lists": [vars(info) for info in LISTS.values()], "claim_format": CLAIM_FORMAT,
        },
    )  # fmt: skip


def finish_run(
    db: Database, run_id: str, status: str, counts: dict[str, int], issues: IssueLog, error: str | None = None
) -> None:
    rejected = [json.dumps(vars(issue), default=str, ensure_ascii=False) for issue in issues.issues]
    db.write(
        _FINISH,
        {
            "id": run_id, "status": status, "counts": {**counts, "rejected": len(issues)}, "now": now(),
            "error": error, "rejected_rows": rejected[:MAX_STORED_REJECTS],
        },
    )  # fmt: skip


def acquire_lock(db: Database, run_id: str, wait_seconds: float) -> None:
    """One load writes at a time; the second waits up to ``wait_seconds``, then says who holds the lock."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            db.write(
                "CREATE (:LoadLock {name: $name, run: $run, host: $host, pid: $pid, acquired_at: $now})",
                {"name": LOCK, "run": run_id, "host": socket.gethostname(), "pid": os.getpid(), "now": now()},
            )
            return
        except QueryError as exc:
            if "ConstraintValidationFailed" not in str(exc):
                raise
        holder = _holder(db)
        if holder is None:  # released meanwhile
            continue
        if _stale(holder):
            db.write(
                "MATCH (l:LoadLock {name: $name, run: $run}) DELETE l", {"name": LOCK, "run": holder["run"]}
            )
            continue
        if time.monotonic() >= deadline:
            who = f"run {holder['run']} (pid {holder['pid']} on {holder['host']})"
            raise LoadLocked(f"another load holds the lock: {who}; let it finish or pass --wait SECONDS")
        time.sleep(1.0)


def _holder(db: Database) -> dict[str, Any] | None:
    rows = db.read("MATCH (l:LoadLock {name: $name}) RETURN properties(l) AS lock", {"name": LOCK})
    return dict(rows[0]["lock"]) if rows else None


def _stale(holder: dict[str, Any]) -> bool:
    """A lock left by a dead process on this host (a killed load) is taken over."""
    if holder.get("host") != socket.gethostname():
        return False
    try:
        os.kill(int(holder["pid"]), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError, TypeError):
        return False
    return False


def release_lock(db: Database, run_id: str) -> None:
    db.write("MATCH (l:LoadLock {name: $name, run: $run}) DELETE l", {"name": LOCK, "run": run_id})


@wrapper("runs/latest_run")
def latest_run(db: Database, source: str) -> dict[str, Any] | None:
    rows = run(db, "runs/latest_run", source=source)
    return dict(rows[0]) if rows else None
