"""docker/compose.yml, checked without a Docker engine: its healthcheck's shell line is run for real
against a stand-in cypher-shell, and its APOC settings match what kb's local server loads.

PyYAML is not among kb's dependencies, so the few lines checked are read as text; .ci/run also runs
`docker compose config` where the compose plugin exists.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from kb.server.instance import APOC_ALLOWLIST

COMPOSE = Path(__file__).resolve().parents[1] / "docker" / "compose.yml"

# Records how it was called, as the real cypher-shell would be: its arguments and the credentials
# it would read from the environment.
FAKE_CYPHER_SHELL = """#!/bin/sh
printf '%s\\n' "$0" "$@" > "$RECORD.argv"
printf '%s\\n%s\\n' "${NEO4J_USERNAME-}" "${NEO4J_PASSWORD-}" > "$RECORD.env"
exit "${FAKE_EXIT:-0}"
"""


def _service_block(name: str) -> str:
    text = COMPOSE.read_text()
    found = re.search(rf"^  {name}:\n((?:    .*\n|\s*\n)+)", text, re.MULTILINE)
    assert found, f"no service {name} in {COMPOSE}"
    return found.group(1)


def _healthcheck_command() -> str:
    """The CMD-SHELL line as the container's shell receives it (compose turns $$ into $)."""
    line = re.search(r"^      test: (\[.*\])$", _service_block("neo4j"), re.MULTILINE)
    assert line, "the neo4j service has no one-line healthcheck test"
    kind, command = json.loads(line.group(1))  # a flow sequence of double-quoted strings is JSON
    assert kind == "CMD-SHELL"
    assert re.search(r"(?<!\$)\$(?!\$)", command) is None, "a single $ would be expanded by compose"
    return str(command).replace("$$", "$")


def _run_healthcheck(tmp_path: Path, password: str, fake_exit: int = 0) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "cypher-shell"
    fake.write_text(FAKE_CYPHER_SHELL)
    fake.chmod(0o755)
    secret = tmp_path / "neo4j_auth"
    secret.write_text(f"neo4j/{password}")
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "NEO4J_AUTH_FILE": str(secret),
        "RECORD": str(tmp_path / "called"),
        "FAKE_EXIT": str(fake_exit),
    }
    return subprocess.run(["/bin/sh", "-c", _healthcheck_command()], env=env, capture_output=True, text=True)


def test_healthcheck_passes_the_password_through_the_environment_not_argv(tmp_path: Path) -> None:
    password = "s3cret with space/and-slash"
    done = _run_healthcheck(tmp_path, password)
    assert done.returncode == 0, done.stderr
    argv = (tmp_path / "called.argv").read_text().splitlines()
    assert argv[1:] == ["RETURN 1"]
    assert not any("s3cret" in arg for arg in argv)
    assert (tmp_path / "called.env").read_text().splitlines() == ["neo4j", password]
    assert "s3cret" not in _healthcheck_command()  # what `docker inspect` shows


def test_healthcheck_fails_when_cypher_shell_fails(tmp_path: Path) -> None:
    assert _run_healthcheck(tmp_path, "s3cret-password", fake_exit=1).returncode != 0


def test_compose_loads_only_the_apoc_kb_allows() -> None:
    block = _service_block("neo4j")
    settings = dict(
        re.findall(r"^      (NEO4J_dbms_security_procedures_\w+): \"(.*)\"$", block, re.MULTILINE)
    )
    allowed = ",".join(APOC_ALLOWLIST)
    assert settings == {
        "NEO4J_dbms_security_procedures_allowlist": allowed,
        # overrides the apoc.* the image's APOC installer would set
        "NEO4J_dbms_security_procedures_unrestricted": allowed,
    }


def test_the_password_is_a_secret_file_not_an_environment_variable() -> None:
    """`docker inspect` shows a container's environment; the secret is a file under /run/secrets."""
    text = COMPOSE.read_text()
    assert "env_file" not in text
    assert "NEO4J_AUTH:" not in text and "NEO4J_PASSWORD:" not in text
    for service in ("neo4j", "loader"):
        block = _service_block(service)
        assert "NEO4J_AUTH_FILE: /run/secrets/neo4j_auth" in block
        assert re.search(r"^    secrets:\n      - neo4j_auth$", block, re.MULTILINE), service
    assert re.search(r"^secrets:\n  neo4j_auth:\n    file: ./neo4j_auth$", text, re.MULTILINE)
