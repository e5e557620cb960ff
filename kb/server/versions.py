"""Neo4j versions kb knows how to run, and which Java each needs."""

from __future__ import annotations

import os
import re

from kb.errors import UsageError

# The newest 5.26 LTS patch that resolved from Maven Central and ran here (with APOC Core 5.26.19).
DEFAULT_NEO4J_VERSION = "5.26.30"
DEFAULT_BROWSER_VERSION_RANGE = "[5.0.0,5.999.999]"

_VERSION = re.compile(r"^(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)$")


def chosen_version(explicit: str | None, installed: str | None = None) -> str:
    """``--neo4j-version`` beats ``KB_NEO4J_VERSION`` beats what is installed beats the default."""
    version = explicit or os.environ.get("KB_NEO4J_VERSION") or installed or DEFAULT_NEO4J_VERSION
    parse(version)
    return version


def parse(version: str) -> tuple[int, int, int]:
    match = _VERSION.match(version)
    if not match:
        raise UsageError(f"Neo4j version {version!r} is not of the form 5.26.30 or 2026.08.1")
    return int(match["major"]), int(match["minor"]), int(match["patch"])


def java_range(version: str) -> tuple[int, int | None]:
    """Java feature releases a Neo4j version supports: (lowest, highest or None for open)."""
    major, _, _ = parse(version)
    if major == 5:
        return 17, 21
    if major >= 2025:
        return 21, None
    raise UsageError(f"kb runs Neo4j 5.x and calendar versions (2025.01 on), not {version}")


def apoc_range(version: str) -> str:
    """Maven version range for the APOC Core releases that belong to a server version."""
    major, minor, _ = parse(version)
    return f"[{major}.{minor}.0,{major}.{minor}.999]"
