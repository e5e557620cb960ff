"""Loaders: read a source, validate it, and write it to the graph with provenance.

A row travels ``formats/`` (parse a file into a :class:`~kb.loaders.dataset.Dataset`, writing
nothing) -> ``write/`` (resolve, diff, write, record the run), or ``bulk/`` for a first load through
neo4j-admin import. :data:`FORMATS` names the formats ``kb load`` reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, SourceInfo
from kb.loaders.formats import bods, bundle, csl, dod_1260h, eu_fsf, ftm, gleif, ofac, psc, uk_sanctions, un

Parser = Callable[[Path], Dataset]


class Format(Protocol):
    """What each module of ``kb/loaders/formats`` exposes (mypy checks every module below)."""

    SOURCE: SourceInfo

    def parse(self, path: Path, /) -> Dataset: ...


FORMATS: dict[str, Format] = {
    "bundle": bundle,
    "ofac": ofac,
    "csl": csl,
    "1260h": dod_1260h,
    "gleif": gleif,
    "ftm": ftm,
    "bods": bods,
    "psc": psc,
    "eu-fsf": eu_fsf,
    "un": un,
    "uk-sanctions": uk_sanctions,
}


def parser(fmt: str) -> Parser:
    if fmt not in FORMATS:
        raise LoadError(f"unknown format {fmt!r}: kb loads {', '.join(sorted(FORMATS))}")
    return FORMATS[fmt].parse


def checksum(path: Path) -> str:
    """sha256 over the file, or over a folder's files in name order (names included)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()
