"""Where kb keeps its files: the kb home (server state, password, data) and the jar cache."""

from __future__ import annotations

import os
from pathlib import Path


def kb_home() -> Path:
    """``KB_HOME``, else the per-user data directory (``$XDG_DATA_HOME/kb``)."""
    explicit = os.environ.get("KB_HOME")
    if explicit:
        return Path(explicit).expanduser().resolve()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kb"


def cache_dir() -> Path:
    """``KB_CACHE_DIR``, else ``$XDG_CACHE_HOME/kb``: resolved Neo4j jars, shared by every kb home."""
    explicit = os.environ.get("KB_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kb"


def resource(relative: str) -> Path:
    """A file shipped with kb (``cypher/…``, ``docker/…``).

    An installed wheel carries them under ``kb/_data``; a source checkout (editable install)
    reads them from the repository root.
    """
    here = Path(__file__).resolve().parent
    for root in (here / "_data", here.parent):
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"kb resource {relative!r} is missing from this installation")
