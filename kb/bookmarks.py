"""The last bookmarks of each Neo4j kb wrote to, kept in the kb home so separate commands chain.

``kb load`` then ``kb derive`` then ``kb exposure`` are three processes. Against a cluster the
second could land on a member that has not yet applied the first one's writes; starting each
process from the bookmarks the previous writer left makes the server wait until it has. The file
``bookmarks.json`` maps ``<URI without credentials>|<database>`` to the bookmarks and the store
they came from (``db.info()``'s id and creation date). A bookmark names a transaction the server
must have applied; one ahead of the store (a store replaced by an older copy of the same database)
makes every statement wait for it until ``Neo.TransientError.Transaction.BookmarkTimeout``, so the
bookmarks of a store since replaced at that address (``--bulk``, a restored dump) are not used.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kb.connection import Connection
from kb.paths import kb_home

FILE = "bookmarks.json"


def path(root: Path | None = None) -> Path:
    return (root or kb_home()) / FILE


def key(connection: Connection) -> str:
    return f"{connection.safe_uri}|{connection.database or ''}"


def restore(connection: Connection, store: str, root: Path | None = None) -> list[str]:
    """The bookmarks the last kb process that wrote to this database and store left; else none."""
    entry = _read(path(root)).get(key(connection))
    if not isinstance(entry, dict) or entry.get("store") != store:
        return []
    return [b for b in entry.get("bookmarks", []) if isinstance(b, str)]


def save(connection: Connection, store: str, bookmarks: Iterable[str], root: Path | None = None) -> None:
    """Keep ``bookmarks`` for this database; other databases' entries stay. A kb home that cannot be
    written loses only the chaining, never the command's work, so failures here are swallowed."""
    file = path(root)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two commands finishing at once keep both entries
            data = _read(file)
            data[key(connection)] = {"store": store, "bookmarks": sorted(bookmarks)}
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".bookmarks-")
            with os.fdopen(handle, "w") as out:
                json.dump(data, out, indent=1, sort_keys=True)
            os.replace(temporary, file)
    except OSError:
        pass


def _read(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
