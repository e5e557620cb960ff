"""Where the real data samples are: ``KB_SHARED_DIR`` (default: ``shared`` beside the project root),
the one setting every test and benchmark reads them through.

The samples (``data/real/<format>/``) are public but some are CC BY-NC: they are read from there,
never copied into the project. A test gets a sample's path from :func:`real`, which fails the test
with one line naming ``KB_SHARED_DIR`` and the folder tried when the samples are not there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SETTING = "KB_SHARED_DIR"
DEFAULT = Path(__file__).resolve().parents[2] / "shared"


def shared_dir() -> Path:
    return Path(os.environ.get(SETTING) or DEFAULT)


def real_dir() -> Path:
    return shared_dir() / "data" / "real"


def missing() -> str | None:
    """Why the samples cannot be read, in one line; None when they can."""
    root = real_dir()
    if root.is_dir():
        return None
    setting = f"{SETTING}={os.environ[SETTING]}" if os.environ.get(SETTING) else f"{SETTING} is not set"
    return (
        f"the real data samples are missing: no folder {root} ({setting}; default {DEFAULT}); "
        f"set {SETTING} to the folder that holds data/real"
    )


def real(*parts: str) -> Path:
    """``$KB_SHARED_DIR/data/real/<parts>``; call it inside a test or fixture, never at import."""
    problem = missing()
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    return real_dir().joinpath(*parts)


class SampleFolder:
    """``SampleFolder("csl") / "file.csv"`` is ``real("csl", "file.csv")``: a module can name its
    folder at import and the check happens when a test asks for a path in it."""

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    def __truediv__(self, name: str) -> Path:
        return real(*self.parts, name)

    @property
    def path(self) -> Path:
        return real(*self.parts)
