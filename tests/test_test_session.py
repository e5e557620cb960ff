"""The test session itself: a kb home of its own, Neo4j only for the tests that need it, and one
clear line when the real samples or the server cannot be had. Child sessions run in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from backend import free_port
from conftest import SESSION_KB_HOME
from shared_data import SETTING

from kb.exposure import profiles
from kb.paths import kb_home

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).name


def child_pytest(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``pytest ARGS`` in a fresh session with ``env`` on top of ours (minus our Neo4j settings)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_the_session_has_a_kb_home_of_its_own() -> None:
    """Fresh at the start (tests leave issues files and snapshots in it); never any regime override."""
    assert kb_home() == SESSION_KB_HOME.resolve()
    assert SESSION_KB_HOME.name.startswith("kb-test-kb-home-") and SESSION_KB_HOME.is_dir()
    assert not (SESSION_KB_HOME / "regimes").exists()
    assert {Path(p.path).parent for p in profiles.load_all()} == {profiles.SHIPPED}


def test_a_users_regime_override_does_not_reach_the_tests(tmp_path: Path) -> None:
    users_home = tmp_path / "users-kb-home"
    (users_home / "regimes").mkdir(parents=True)
    (users_home / "regimes" / "bis.toml").write_text("not = [valid toml\n")
    done = child_pytest(
        tmp_path, f"tests/{HERE}::test_the_session_has_a_kb_home_of_its_own", KB_HOME=str(users_home)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_tests_without_neo4j_start_none(tmp_path: Path) -> None:
    """An unreachable NEO4J_URI makes any attempt to use Neo4j end the session (exit 3)."""
    nowhere = f"bolt://127.0.0.1:{free_port()}"
    done = child_pytest(tmp_path, "-m", "not neo4j", "tests/test_bundle_reader.py", NEO4J_URI=nowhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tests ran against neo4j: not started (no selected test needs it)" in done.stdout
    needing = child_pytest(tmp_path, "tests/test_db.py", NEO4J_URI=nowhere)
    assert needing.returncode == 3, needing.stdout + needing.stderr
    assert f"no Neo4j for the tests: cannot reach Neo4j at {nowhere}" in needing.stdout + needing.stderr
    assert "Traceback" not in needing.stdout + needing.stderr


def test_missing_samples_fail_the_tests_that_read_them_in_one_line(tmp_path: Path) -> None:
    nowhere = tmp_path / "no-shared"
    done = child_pytest(
        tmp_path, "-m", "not neo4j", "-rfE", "tests/test_parse_bods.py", **{SETTING: str(nowhere)}
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    line = (
        f"the real data samples are missing: no folder {nowhere / 'data' / 'real'} ({SETTING}={nowhere}; "
        f"default {ROOT.parent / 'shared'}); set {SETTING} to the folder that holds data/real"
    )
    assert line in output
    assert "FileNotFoundError" not in output and "Traceback" not in output
    # the tests that write their own broken files still pass
    assert " failed, " in output and " passed" in output
