"""Finding and reading OFAC's legacy CSV files (no header row, ``-0-`` for null).

A set is a main file plus companions: ``sdn.csv`` + ``add.csv``, ``alt.csv``, ``sdn_comments.csv``
or ``cons_prim.csv`` + ``cons_add.csv``, ``cons_alt.csv``, ``cons_comments.csv``. Renamed copies
(``sdn_subset.csv``, ``cons_prim_cmic_plus_ssi.csv``...) are found by prefix; an explicit mapping
of role -> file name or glob pattern overrides the search.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kb.errors import LoadError
from kb.loaders.read import read_text

NULL = "-0-"
ROLES = ("main", "add", "alt", "comments")
WIDTHS = {"main": 12, "add": 6, "alt": 5, "comments": 2}
COLUMNS = {
    "main": "ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, "
    "Vess_flag, Vess_owner, Remarks",
    "add": "ent_num, Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks",
    "alt": "ent_num, alt_num, alt_type, alt_name, alt_remarks",
    "comments": "ent_num, Remarks continuation",
}
# role -> (exact names, glob patterns), per set; the first hit wins.
_NAMES = {
    "sdn": {
        "main": (("sdn.csv",), ("sdn*.csv",)),
        "add": (("add.csv",), ("add*.csv",)),
        "alt": (("alt.csv",), ("alt*.csv",)),
        "comments": (("sdn_comments.csv",), ("sdn_comments*.csv",)),
    },
    "cons": {
        "main": (("cons_prim.csv",), ("cons_prim*.csv",)),
        "add": (("cons_add.csv",), ("cons_add*.csv",)),
        "alt": (("cons_alt.csv",), ("cons_alt*.csv",)),
        "comments": (("cons_comments.csv",), ("cons_comments*.csv",)),
    },
}


@dataclass(frozen=True)
class FileSet:
    kind: str  # "sdn" | "cons"
    main: Path
    add: Path
    alt: Path
    comments: Path | None


def locate(path: Path, files: Mapping[str, str | Path] | None = None) -> FileSet:
    """The files of one OFAC set, from a folder or the main file (and an optional mapping)."""
    files = dict(files or {})
    if unknown := sorted(set(files) - {*ROLES, "set"}):
        raise LoadError(f"{path}: unknown file role {unknown[0]!r} (roles: {', '.join(ROLES)}, set)")
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    folder = path if path.is_dir() else path.parent
    main = path if path.is_file() else None
    if "main" in files:
        main = _explicit(folder, "main", files["main"])
    kind = str(files.get("set") or (_kind(main) if main else _folder_kind(folder)))
    if kind not in _NAMES:
        raise LoadError(f"{path}: unknown OFAC set {kind!r} (sdn or cons)")
    if main is None:
        main = _required(folder, kind, "main", _search(folder, kind, "main"))
    found = {
        role: _explicit(folder, role, files[role]) if role in files else _search(folder, kind, role, main)
        for role in ("add", "alt", "comments")
    }
    add = _required(folder, kind, "add", found["add"], main)
    alt = _required(folder, kind, "alt", found["alt"], main)
    return FileSet(kind, main, add, alt, found["comments"])


def _kind(main: Path) -> str:
    return "cons" if main.name.lower().startswith("cons") else "sdn"


def _folder_kind(folder: Path) -> str:
    kinds = [kind for kind in _NAMES if _search(folder, kind, "main") is not None]
    if len(kinds) != 1:
        what = "both an SDN and a consolidated set" if kinds else "no sdn.csv or cons_prim.csv"
        raise LoadError(f"{folder}: holds {what}: pass the main file of one set")
    return kinds[0]


def _explicit(folder: Path, role: str, given: str | Path) -> Path:
    candidate = Path(given) if Path(given).is_absolute() else folder / given
    if candidate.is_file():
        return candidate
    hits = sorted(p for p in folder.glob(str(given)) if p.is_file())
    if len(hits) != 1:
        count = "no file" if not hits else f"{len(hits)} files"
        raise LoadError(f"{folder}: {role} file {str(given)!r} matches {count} (one expected)")
    return hits[0]


def _required(folder: Path, kind: str, role: str, hit: Path | None, main: Path | None = None) -> Path:
    if hit is None:
        near = f" next to {main.name}" if main else ""
        raise LoadError(f"{folder}: no {_NAMES[kind][role][0][0]}{near} (OFAC {kind} set)")
    return hit


def _search(folder: Path, kind: str, role: str, main: Path | None = None) -> Path | None:
    exact, patterns = _NAMES[kind][role]
    for name in exact:
        if (folder / name).is_file():
            return folder / name
    hits = sorted({p for pattern in patterns for p in folder.glob(pattern) if p.is_file()})
    if role == "main":
        hits = [p for p in hits if "comments" not in p.name.lower()]
    if main is not None and len(hits) > 1:  # prefer the companion with the main file's suffix
        suffix = main.stem.removeprefix("sdn").removeprefix("cons_prim")
        hits = [p for p in hits if suffix and p.stem.endswith(suffix)] or hits
    if len(hits) > 1:
        names = ", ".join(p.name for p in hits[:3])
        raise LoadError(f"{folder}: several candidates for the {kind} {role} file ({names}): name one")
    return hits[0] if hits else None


def read(path: Path, role: str, allow_empty: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(line number, raw cells), after checking encoding and shape; see :func:`value`."""
    content = read_text(path, f"OFAC {role} rows ({COLUMNS[role]})", allow_empty)
    reader = csv.reader(io.StringIO(content, newline=""))
    for cells in reader:
        line = reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip(" \x1a")):
            continue  # blank line, or the end-of-file marker (Ctrl-Z) OFAC files may carry
        if line == 1 and cells[0].strip().lower() == "ent_num":
            continue  # a header row some re-publishers add
        if len(cells) != WIDTHS[role]:
            raise LoadError(
                f"{path}:{line}: {len(cells)} fields, expected {WIDTHS[role]} ({COLUMNS[role]}):"
                " not an OFAC legacy CSV file of this kind"
            )
        yield line, cells


def value(cell: str) -> str:
    """A cell stripped, ``-0-`` (null) turned into ""."""
    text = cell.strip()
    return "" if text == NULL else text


def verbatim(cell: str) -> str:
    """A Remarks cell or continuation as written (spaces at the cut matter), ``-0-`` turned into ""."""
    return "" if cell.strip() == NULL else cell
