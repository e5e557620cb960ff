"""The nomenklatura (logic-v2) baseline of bench-match, in a venv of its own, and figures per group.

nomenklatura must not enter kb's dependencies (it brings followthemoney, SQLAlchemy, scikit-learn,
SciPy, DuckDB…), so the benchmark makes ``bench/.venv-baseline`` once (``pip install
nomenklatura`` with PyICU as a wheel, gitignored) and calls ``bench/baseline_nomenklatura.py``
there through a subprocess, pairs in as JSON, scores out. When it cannot be installed or run,
:func:`scores` says why in one line and the benchmark reports kb's figures alone.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import venv
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import match_pairs
from rigour.names import normalize_name, remove_org_types
from rigour.text import ascii_text

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-baseline"
SCRIPT = HERE / "baseline_nomenklatura.py"
PACKAGE = "nomenklatura"
# PyICU as a wheel, as in kb's venv (packaging/pyicu-from-wheel/README.md): nothing to compile.
PYICU_FROM_WHEEL = HERE.parent / "packaging" / "pyicu-from-wheel"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_venv() -> str | None:
    """Make the baseline venv when missing; why it could not be made, else None."""
    python = _python()
    try:
        if not python.exists():
            print(f"bench-match: installing {PACKAGE} into {VENV} (once) for the baseline", file=sys.stderr)
            venv.create(VENV, with_pip=True)
        probe = subprocess.run(
            [python, "-c", "import nomenklatura.matching"], capture_output=True, check=False, timeout=120
        )
        if probe.returncode != 0:
            install = subprocess.run(
                [python, "-m", "pip", "install", "--quiet", str(PYICU_FROM_WHEEL), PACKAGE],
                capture_output=True,
                text=True,
                check=False,
                timeout=1800,
            )
            if install.returncode != 0:
                last = (install.stderr.strip().splitlines() or ["no output"])[-1]
                return f"pip install {PACKAGE} failed: {last}"
    except (OSError, subprocess.SubprocessError) as exc:
        return f"cannot make {VENV}: {exc}"
    return None


def scores(pairs: list[match_pairs.LabelledPair]) -> tuple[list[float] | None, str]:
    """logic-v2's score of every pair, in order, and the nomenklatura version; or None and why."""
    problem = ensure_venv()
    if problem is not None:
        return None, problem
    payload = [
        {
            side: {"name": record.name, "kind": record.kind, "country": record.country}
            for side, record in (("left", p.left), ("right", p.right))
        }
        for p in pairs
    ]
    python = _python()
    try:
        run = subprocess.run(
            [python, SCRIPT],
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            check=False,
            timeout=3600,
        )
        version = subprocess.run(
            [python, "-c", f"import importlib.metadata as m; print(m.version({PACKAGE!r}))"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"cannot run the baseline: {exc}"
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"the baseline failed: {last}"
    found: list[float] = json.loads(run.stdout)
    return found, f"{PACKAGE} {version} logic-v2"


def split_of(pair: match_pairs.LabelledPair) -> str:
    """Half the cross-script pairs, by a hash of their names, are the ``dev`` split (the readings of
    kb/resolution/cyrillic.py were written looking at its misses only); the rest is held out."""
    digest = hashlib.sha256(f"{pair.left.name}\n{pair.right.name}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "held_out"


_WORD = re.compile(r"[a-z0-9]{3,}")


def _words(name: str) -> set[str]:
    normal = remove_org_types(normalize_name(name) or "", replacement=" ")
    return {w[:4] for w in _WORD.findall(ascii_text(normal).lower())}


def words_of(pair: match_pairs.LabelledPair) -> str:
    """``shared`` when the two names have a word in common once transliterated and legal forms
    removed (its first four letters; rigour only, never kb's matcher), else ``none``: a rename, a
    pseudonym, an acronym or a translation, which no reading of names can join."""
    return "shared" if _words(pair.left.name) & _words(pair.right.name) else "none"


def rates(scored: Iterable[tuple[bool, float]], threshold: float) -> dict[str, Any]:
    rows = list(scored)
    tp = sum(1 for same, s in rows if same and s >= threshold)
    fp = sum(1 for same, s in rows if not same and s >= threshold)
    positives = sum(1 for same, _ in rows if same)
    return {
        "pairs": len(rows),
        "positives": positives,
        "true_positives": tp,
        "false_positives": fp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / positives, 4) if positives else None,
    }


def by_group(
    pairs: list[match_pairs.LabelledPair],
    values: list[float],
    threshold: float,
    groups: dict[str, Callable[[match_pairs.LabelledPair], str]],
) -> dict[str, dict[str, dict[str, Any]]]:
    """``{grouping: {group: rates}}``; every grouping also has ``all``."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for grouping, key in groups.items():
        rows: dict[str, list[tuple[bool, float]]] = defaultdict(list)
        for p, s in zip(pairs, values, strict=True):
            rows[key(p)].append((p.same, s))
            rows["all"].append((p.same, s))
        out[grouping] = {g: rates(r, threshold) for g, r in sorted(rows.items())}
    return out
