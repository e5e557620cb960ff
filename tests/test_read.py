"""One reader, one set of structural errors: the same broken file fails alike in every format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb import loaders
from kb.errors import LoadError

# format -> the file it reads, placed where the format looks for it
FILES = {
    "bundle": "src/entities.csv",
    "csl": "consolidated.csv",
    "1260h": "1260h.csv",
    "ofac": "sdn/sdn.csv",
    "gleif": "lei.json",
    "ftm": "entities.ftm.json",
    "bods": "package.json",
    "psc": "psc-snapshot.txt",
    "eu-fsf": "fsf.xml",
    "un": "consolidated.xml",
    "uk-sanctions": "UK-Sanctions-List.xml",
}
JSON_FORMATS = ("csl", "gleif", "ftm", "bods", "psc")
CSV_WITH_HEADER = {"bundle": "id,name", "csl": "source,name", "1260h": "Name,Clean Name"}
SINGLE_FILE = ("csl", "1260h", "ftm", "eu-fsf", "un", "uk-sanctions")


def _write(tmp_path: Path, fmt: str, content: bytes) -> tuple[Path, Path]:
    """(what to parse, the file written) for ``fmt``."""
    file = tmp_path / FILES[fmt]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    if fmt == "ofac":  # the companions the set needs, well-formed
        (file.parent / "add.csv").write_text('1,1,"Street","City","China",-0-\n')
        (file.parent / "alt.csv").write_text('1,1,"aka","Other Name",-0-\n')
    return (file.parent if fmt == "bundle" else file), file


def _error(fmt: str, path: Path) -> str:
    with pytest.raises(LoadError) as raised:
        loaders.parser(fmt)(path)
    return str(raised.value)


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_a_file_that_is_not_utf8(tmp_path: Path, fmt: str) -> None:
    content = b'{"name": "Caf\xe9"}\n' if fmt in JSON_FORMATS else b"1,Caf\xe9\n"
    path, file = _write(tmp_path, fmt, content)
    assert _error(fmt, path) == f"{file}: not UTF-8 (byte {content.index(0xE9)} is 0xe9)"


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_an_empty_file(tmp_path: Path, fmt: str) -> None:
    path, file = _write(tmp_path, fmt, b" \n")
    assert _error(fmt, path).startswith(f"{file}: empty file")


@pytest.mark.parametrize("fmt", JSON_FORMATS)
def test_json_that_does_not_parse_names_the_line(tmp_path: Path, fmt: str) -> None:
    path, file = _write(tmp_path, fmt, b'{"id": "a",\n "name": }\n')
    message = _error(fmt, path)
    assert re.fullmatch(rf"{re.escape(str(file))}:\d: not JSON \(.+, column \d+\)", message), message


@pytest.mark.parametrize("fmt", SINGLE_FILE)
def test_a_folder_where_a_file_belongs(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert _error(fmt, folder) == f"{folder}: a folder, not a file"


@pytest.mark.parametrize("fmt", sorted(CSV_WITH_HEADER))
def test_a_csv_column_given_twice(tmp_path: Path, fmt: str) -> None:
    header = CSV_WITH_HEADER[fmt]
    twice = header.split(",")[0]
    path, file = _write(tmp_path, fmt, f"{header},{twice}\nx,y,z\n".encode())
    assert _error(fmt, path) == f"{file}: column {twice!r} appears twice"
