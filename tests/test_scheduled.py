"""loaders/run-scheduled.sh, as cron or systemd runs it: each source defined in loaders/sources/ in
turn, when its cadence says it is due, with one exit status for the outcomes it alerts on."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kb.db import Database
from kb.loaders import FORMATS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "loaders" / "run-scheduled.sh"
SHIPPED = ROOT / "loaders" / "sources"

# Stands in for kb where the runner's own logic is under test: records its arguments and exits as
# the source's name asks (the real kb and Neo4j load in the first test).
FAKE_KB = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls"
case "$3" in *fails*) exit 1 ;; *rejects*) exit 3 ;; *locked*) exit 75 ;; esac
"""


def _run(
    tmp_path: Path, *args: str | Path, kb: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    wrapper = tmp_path / "kb"
    wrapper.write_text(kb or f'#!/bin/sh\nexec "{sys.executable}" -m kb "$@"\n')
    wrapper.chmod(0o755)
    environment = {**os.environ, "KB": str(wrapper), "KB_HOME": str(tmp_path / "home"), **env}
    command = [str(SCRIPT), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def _define(folder: Path, name: str, url: str, fmt: str = "bundle", **keys: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"# {name}", f"format = {fmt}", f"url = {url}", f"cadence = {keys.pop('cadence', 'daily')}"]
    lines += [f"{key} = {value}" for key, value in keys.items()]
    path = folder / f"{name}.conf"
    path.write_text("\n".join(lines) + "\n")
    return path


def _calls(tmp_path: Path) -> list[str]:
    calls = tmp_path / "calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_sources_load_in_turn_and_report_the_worst_outcome(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "entities.csv").write_text("id,name\na,Alpha\nb,Beta\n")
    (good / "ownership.csv").write_text("owner_id,owned_id,pct\na,b,60\na,b,abc\n")
    sources = tmp_path / "sources"
    _define(sources, "good", str(good))
    done = _run(tmp_path, sources)
    assert done.returncode == 3, done.stderr
    assert "ALERT good: rejected (exit 3)" in done.stderr
    assert db.read("MATCH (:Entity {id: 'a'})-[s:OWNS]->(:Entity {id: 'b'}) RETURN s.pct AS pct") == [
        {"pct": 60.0}
    ]
    _define(sources, "a-missing", str(tmp_path / "nowhere"))
    failed = _run(tmp_path, "--force", sources)
    assert failed.returncode == 1
    assert "no such file or folder" in failed.stderr
    assert failed.stdout.index("a-missing: kb load") < failed.stdout.index("good: kb load")
    assert db.read("MATCH (r:LoadRun) RETURN count(r) AS n") == [{"n": 2}], "the second source still ran"


def test_log_lines_leave_out_credentials_in_urls(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    _define(sources, "csl", "http://analyst:hunter2@lists.example/csl.csv?api_key=S3CRET&x=1", fmt="csl")
    done = _run(tmp_path, sources)
    assert done.returncode == 1, done.stderr
    assert "csl: kb load csl http://lists.example/csl.csv" in done.stdout
    assert "refusing a plain http download" in done.stderr, "the source really ran kb load"
    for secret in ("hunter2", "S3CRET", "analyst"):
        assert secret not in done.stdout + done.stderr


def test_a_source_loads_once_per_period_of_its_cadence(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    _define(sources, "daily", "/data/daily")
    _define(sources, "weekly", "/data/weekly", cadence="weekly")
    _define(sources, "off", "/data/off", enabled="no")
    first = _run(tmp_path, sources, kb=FAKE_KB)
    assert first.returncode == 0, first.stderr
    assert _calls(tmp_path) == ["load bundle /data/daily --wait 600", "load bundle /data/weekly --wait 600"]
    stamp = tmp_path / "home" / "schedule" / "daily.last"
    assert abs(int(stamp.read_text()) - time.time()) < 60

    again = _run(tmp_path, sources, kb=FAKE_KB)
    assert again.returncode == 0
    assert len(_calls(tmp_path)) == 2, "nothing is due again the same day"
    assert "daily: not due (cadence daily" in again.stdout

    stamp.write_text(str(int(time.time()) - 86400))
    next_day = _run(tmp_path, sources, kb=FAKE_KB)
    assert _calls(tmp_path)[2:] == ["load bundle /data/daily --wait 600"], next_day.stdout

    forced = _run(tmp_path, "--force", sources, kb=FAKE_KB)
    assert forced.returncode == 0
    assert len(_calls(tmp_path)) == 5, "--force loads every enabled source, due or not"


def test_only_the_outcomes_a_source_names_alert(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    _define(sources, "quiet", "/data/rejects", alert="failed")
    _define(sources, "waits", "/data/locked", options="--strict  # held back by another load?")
    hook = tmp_path / "alerted"
    hook_script = tmp_path / "hook"
    hook_script.write_text(f'#!/bin/sh\necho "$@" >> "{hook}"\n')
    hook_script.chmod(0o755)
    done = _run(tmp_path, sources, kb=FAKE_KB, KB_ALERT_COMMAND=str(hook_script))
    assert done.returncode == 75, done.stderr
    assert "quiet: rejected (exit 3; not alerted: alert = failed)" in done.stdout
    assert "ALERT waits: locked (exit 75)" in done.stderr
    assert hook.read_text() == "waits locked 75\n"
    assert _calls(tmp_path)[1] == "load bundle /data/locked --wait 600 --strict"
    assert not (tmp_path / "home" / "schedule" / "waits.last").exists(), "a locked load is tried again"

    _define(sources, "quiet", "/data/fails", alert="failed")
    assert _run(tmp_path, "--force", sources, kb=FAKE_KB).returncode == 1, "failed over locked"


def test_a_definition_that_does_not_read_fails_alone(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    _define(sources, "fine", "/data/fine")
    (sources / "old-style.conf").write_text("# comment\ncsl https://user:pw@lists.example/csl.csv\n")
    _define(sources, "typo", "/data/typo", cadense="daily")
    _define(sources, "slow", "/data/slow", cadence="fortnightly")
    done = _run(tmp_path, sources, kb=FAKE_KB)
    assert done.returncode == 1
    errors = done.stderr.splitlines()
    assert (
        f"{sources}/old-style.conf:2: expected 'key = value' (one file per source: see loaders/README.md)"
        in errors
    )
    assert (
        f"{sources}/typo.conf:5: unknown key 'cadense' (format, url, cadence, alert, options, enabled)"
        in errors
    )
    assert f"{sources}/slow.conf: cadence 'fortnightly' is not hourly, daily, weekly, Nh or Nd" in errors
    assert {"ALERT old-style: failed (exit 1)", "ALERT typo: failed (exit 1)"} <= set(errors)
    assert "pw@" not in done.stdout + done.stderr
    assert _calls(tmp_path) == ["load bundle /data/fine --wait 600"]


def test_the_shipped_definitions_read_and_load_the_official_lists(tmp_path: Path) -> None:
    done = _run(tmp_path, kb=FAKE_KB)
    assert done.returncode == 0, done.stderr
    calls = {call.split()[1]: call.split()[2] for call in _calls(tmp_path)}
    assert calls == {
        "csl": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        "eu-fsf": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        "uk-sanctions": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        "un": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    }
    names = {path.stem for path in SHIPPED.glob("*.conf")}
    assert names >= {"csl", "eu-fsf", "uk-sanctions", "un", "ofac-sdn", "gleif", "research-bundle"}
    assert "not due" not in done.stdout


def test_every_shipped_definition_names_a_format_kb_loads() -> None:
    for path in SHIPPED.glob("*.conf"):
        keys = dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition("=") for line in path.read_text().splitlines())
            if key.strip() and not key.lstrip().startswith("#")
        )
        assert keys.get("format") in FORMATS, f"{path.name}: format {keys.get('format')!r}"
