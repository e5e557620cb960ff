"""Rejected rows: one JSON line each (file, row, field, value, reason), and a summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RowIssue:
    file: str
    row: int  # 1-based line number in the file, the header being line 1
    field: str
    value: Any
    reason: str

    def line(self) -> str:
        return f"{self.file}:{self.row}: {self.field}={self.value!r}: {self.reason}"


class IssueLog:
    """Collects rejected rows; ``write`` appends them to a JSONL file."""

    def __init__(self) -> None:
        self.issues: list[RowIssue] = []

    def add(self, file: str, row: int, field: str, value: Any, reason: str) -> None:
        self.issues.append(RowIssue(file, row, field, value, reason))

    def __len__(self) -> int:
        return len(self.issues)

    def summary(self) -> dict[str, int]:
        return dict(Counter(issue.file for issue in self.issues))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            for issue in self.issues:
                handle.write(json.dumps(asdict(issue), ensure_ascii=False, default=str) + "\n")
