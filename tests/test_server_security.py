"""The local server's secrets: the password file kb trusts."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from backend import Backend
from conftest import Run

from kb.errors import ConfigError
from kb.server.instance import Home, Instance

Kb = Callable[..., Run]


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
