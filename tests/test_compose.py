"""docker/compose.yml, checked without a Docker engine: its APOC settings match what kb's local
server loads.

PyYAML is not among kb's dependencies, so the few lines checked are read as text; .ci/run also runs
`docker compose config` where the compose plugin exists.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.server.instance import APOC_ALLOWLIST

COMPOSE = Path(__file__).resolve().parents[1] / "docker" / "compose.yml"


def _service_block(name: str) -> str:
    text = COMPOSE.read_text()
    found = re.search(rf"^  {name}:\n((?:    .*\n|\s*\n)+)", text, re.MULTILINE)
    assert found, f"no service {name} in {COMPOSE}"
    return found.group(1)


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
