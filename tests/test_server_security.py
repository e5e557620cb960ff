"""The local server's secrets and extensions: the password file kb trusts, and the APOC it loads."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from backend import Backend
from conftest import Run

from kb.db import Database
from kb.errors import ConfigError, QueryError
from kb.server.instance import APOC_ALLOWLIST, Home, Instance

Kb = Callable[..., Run]
ROOT = Path(__file__).resolve().parents[1]


def _use_home(monkeypatch: pytest.MonkeyPatch, home: Home) -> None:
    monkeypatch.setenv("KB_HOME", str(home.root))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def _installed_home(root: Path) -> Home:
    """A kb home with settings (so kb turns to its password) and no server behind it."""
    home = Home(root)
    home.save(Instance(version="5.26.30", java="java", distribution=str(root / "dist"), main_class="none"))
    return home


def test_a_password_file_open_to_others_is_set_to_0600_with_one_warning(
    local_server: Backend, kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = local_server.home
    assert home is not None
    _use_home(monkeypatch, home)
    home.password_file.chmod(0o644)
    first = kb("cypher", "RETURN 1 AS one", "-f", "json")
    assert first.code == 0, first.err
    assert json.loads(first.out) == [{"one": 1}]
    assert first.err == (
        f"kb: warning: {home.password_file} had mode 0644, open to group or others; kb set it to 0600\n"
    )
    assert stat.S_IMODE(home.password_file.stat().st_mode) == 0o600
    again = kb("cypher", "RETURN 1 AS one", "-f", "json")
    assert (again.code, again.err) == (0, "")


def test_a_symlinked_password_file_is_refused(
    tmp_path: Path, kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _installed_home(tmp_path / "home")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("planted-password-0123456789\n")
    elsewhere.chmod(0o600)
    home.password_file.symlink_to(elsewhere)
    _use_home(monkeypatch, home)
    run = kb("db", "stats")
    assert run.code == 1
    assert run.err == (
        f"kb: error: {home.password_file} is a symbolic link: kb reads the password only from a "
        "regular file of yours; replace the link with the file\n"
    )


def test_a_password_file_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    home = Home(tmp_path)
    home.password_file.write_text("planted-password-0123456789\n")
    home.password_file.chmod(0o600)
    os.chown(home.password_file, 65534, 65534)
    with pytest.raises(ConfigError) as refused:
        home.password()
    assert str(refused.value) == (
        f"{home.password_file} belongs to uid 65534, not to you (uid 0): "
        "kb does not use a password file another user controls"
    )


def test_the_server_loads_only_the_allowlisted_apoc(local_server: Backend) -> None:
    assert local_server.home is not None
    instance = local_server.home.load()
    assert instance is not None and instance.apoc, "APOC Core must be on the classpath for this test"
    with Database(local_server.connection) as db:
        assert db.read("RETURN apoc.version() AS version") == [{"version": instance.apoc}]
        functions = db.read("SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'apoc.' RETURN name")
        procedures = db.read("SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'apoc.' RETURN name")
        assert [row["name"] for row in functions] == list(APOC_ALLOWLIST)
        assert procedures == []
        with pytest.raises(QueryError, match=r"There is no procedure with the name `apoc\.load\.json`"):
            db.read("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value")
        # Neo4j's built-in procedures are no extensions: the allowlist leaves them alone.
        assert db.read("CALL db.labels() YIELD label RETURN count(label) >= 0 AS ok") == [{"ok": True}]
    conf = (local_server.home.conf_dir / "neo4j.conf").read_text()
    assert "dbms.security.procedures.unrestricted" not in conf


def test_kb_calls_no_apoc_beyond_the_allowlist() -> None:
    """Cypher kb runs or hands to analysts: a new APOC call must be added to APOC_ALLOWLIST."""
    sources = [
        *(path for path in (ROOT / "kb").rglob("*.py") if "server" not in path.parts),
        *(ROOT / "cypher").rglob("*.cypher"),
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "docs" / "bloom").rglob("*.json"),
    ]
    assert len(sources) > 50
    called = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sources
        for name in re.findall(r"\b(apoc(?:\.\w+)+)\s*\(", path.read_text(errors="replace"))
        if name not in APOC_ALLOWLIST
    }
    assert called == set()


def test_a_new_kb_home_and_its_data_are_private_to_their_owner(tmp_path: Path) -> None:
    home = _installed_home(tmp_path / "fresh" / "kb")
    password = home.password()
    for folder in (home.root, home.data, home.conf_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(home.password_file.stat().st_mode) == 0o600
    assert [p.name for p in home.root.iterdir() if p.name.startswith(".")] == []  # no temporary left
    assert Home(home.root).password() == password  # read back, not generated again


def test_a_password_another_process_wrote_first_is_the_one_used(tmp_path: Path) -> None:
    home = _installed_home(tmp_path / "kb")
    theirs = Home(home.root)
    first = theirs.password()  # written by "another process" between our check and our write
    home.password_file.chmod(0o600)
    assert home._generate_password() == first
