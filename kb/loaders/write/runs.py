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
from kb.lists import ListInfo
from kb.loaders.dataset import SourceInfo
from kb.loaders.issues import IssueLog
from kb.loaders.write.claims import CLAIM_FORMAT
from kb.queries import run, wrapper

LOCK = "load"
MAX_STORED_REJECTS = 1_000


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


@wrapper("runs/start_run")
def _start_run(
    db: Database, *, run_id: str, source: dict[str, Any], claim_format: int, format: str, path: str,
    checksum: str, now: dt.datetime, host: str, pid: int, lists: list[dict[str, Any]],
) -> None:  # fmt: skip
    run(db, "runs/start_run", run_id=run_id, source=source, claim_format=claim_format, format=format,
        path=path, checksum=checksum, now=now, host=host, pid=pid, lists=lists)  # fmt: skip


def start_run(
    db: Database, run_id: str, source: SourceInfo, fmt: str, path: str, checksum: str, lists: list[ListInfo]
) -> None:
    """Records the run and writes ``lists`` (the built-in ones and the source's own) as List nodes."""
    _start_run(
        db, run_id=run_id, format=fmt, path=path, checksum=checksum, now=now(),
        host=socket.gethostname(), pid=os.getpid(),
        source={"name": source.name, "publisher": source.publisher, "url": source.url,
                "licence": source.licence},
        lists=[vars(info) for info in lists], claim_format=CLAIM_FORMAT,
    )  # fmt: skip


@wrapper("runs/finish_run")
def _finish_run(
    db: Database, *, run_id: str, counts: dict[str, Any], status: str, now: dt.datetime,
    error: str | None = None, rejected_rows: list[str],
) -> None:  # fmt: skip
    run(db, "runs/finish_run", run_id=run_id, counts=counts, status=status, now=now, error=error,
        rejected_rows=rejected_rows)  # fmt: skip


def finish_run(
    db: Database, run_id: str, status: str, counts: dict[str, int], issues: IssueLog, error: str | None = None
) -> None:
    rejected = [json.dumps(vars(issue), default=str, ensure_ascii=False) for issue in issues.issues]
    _finish_run(
        db, run_id=run_id, status=status, counts={**counts, "rejected": len(issues)}, now=now(), error=error,
        rejected_rows=rejected[:MAX_STORED_REJECTS],
    )  # fmt: skip


@wrapper("runs/take_lock")
def _take_lock(db: Database, *, name: str, run_id: str, host: str, pid: int, now: dt.datetime) -> None:
    run(db, "runs/take_lock", name=name, run_id=run_id, host=host, pid=pid, now=now)


@wrapper("runs/lock_holder")
def _lock_holder(db: Database, *, name: str) -> dict[str, Any] | None:
    rows = run(db, "runs/lock_holder", name=name)
    return dict(rows[0]["lock"]) if rows else None


@wrapper("runs/release_lock")
def _release_lock(db: Database, *, name: str, run_id: str) -> None:
    run(db, "runs/release_lock", name=name, run_id=run_id)


def acquire_lock(db: Database, run_id: str, wait_seconds: float) -> None:
    """One load writes at a time; the second waits up to ``wait_seconds``, then says who holds the lock."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            _take_lock(db, name=LOCK, run_id=run_id, host=socket.gethostname(), pid=os.getpid(), now=now())
            return
        except QueryError as exc:
            if exc.code != "Neo.ClientError.Schema.ConstraintValidationFailed":
                raise
        holder = _lock_holder(db, name=LOCK)
        if holder is None:  # released meanwhile
            continue
        if _stale(holder):
            _release_lock(db, name=LOCK, run_id=holder["run"])
            continue
        if time.monotonic() >= deadline:
            who = f"run {holder['run']} (pid {holder['pid']} on {holder['host']})"
            raise LoadLocked(f"another load holds the lock: {who}; let it finish or pass --wait SECONDS")
        time.sleep(1.0)


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
    _release_lock(db, name=LOCK, run_id=run_id)


@wrapper("runs/latest_run")
def latest_run(db: Database, source: str) -> dict[str, Any] | None:
    rows = run(db, "runs/latest_run", source=source)
    return dict(rows[0]) if rows else None
