"""Score name pairs with OpenSanctions' nomenklatura matcher (logic-v2): the baseline of bench-match.

Runs in its own venv (bench/.venv-baseline, made by bench_match.py with ``pip install
nomenklatura``), never in kb's: nomenklatura brings followthemoney, SQLAlchemy, scikit-learn and
more, which kb does not depend on. Reads a JSON list of pairs on stdin, each
``{"left": {...}, "right": {...}}`` with ``name``, ``kind`` (person, company, organization, vessel)
and ``country`` (ISO-2 or null), and writes a JSON list of scores (logic-v2 with its default
configuration) to stdout, in order. No kb import: kb is not installed in that venv.
"""

from __future__ import annotations

import json
import sys
from typing import Any

SCHEMAS = {"person": "Person", "company": "Company", "organization": "Organization", "vessel": "Vessel"}


def main() -> int:
    # Installed in the baseline venv only, never in kb's (hence no stubs for mypy there).
    from followthemoney import model  # type: ignore[import-not-found]
    from nomenklatura.matching import get_algorithm  # type: ignore[import-not-found]

    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None
    config = algorithm.default_config()
    pairs: list[dict[str, Any]] = json.load(sys.stdin)
    scores = []
    for n, pair in enumerate(pairs):
        proxies = []
        for side in ("left", "right"):
            record = pair[side]
            proxy = model.make_entity(SCHEMAS.get(record["kind"], "LegalEntity"))
            proxy.id = f"{side}-{n}"
            proxy.add("name", record["name"])
            if record.get("country"):
                proxy.add("country", record["country"].lower())
            proxies.append(proxy)
        scores.append(round(algorithm.compare(proxies[0], proxies[1], config).score, 4))
    json.dump(scores, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
