"""deploy/scheduled/run-scheduled.sh, as cron or systemd runs it: every source in turn, one exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kb.db import Database

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "scheduled" / "run-scheduled.sh"


def _run(conf: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    wrapper = tmp_path / "kb"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kb "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "KB": str(wrapper), "KB_HOME": str(tmp_path / "home")}
    return subprocess.run([str(SCRIPT), str(conf)], capture_output=True, text=True, env=env, check=False)


def test_sources_file_loads_in_turn_and_reports_the_worst_outcome(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "entities.csv").write_text("id,name\na,Alpha\nb,Beta\n")
    (good / "ownership.csv").write_text("owner_id,owned_id,pct\na,b,60\na,b,abc\n")
    conf = tmp_path / "sources.conf"
    conf.write_text(f"# comment\n\nbundle {good}\n")
    done = _run(conf, tmp_path)
    assert done.returncode == 3, done.stderr
    assert db.read("MATCH (:Entity {id: 'a'})-[s:OWNS]->(:Entity {id: 'b'}) RETURN s.pct AS pct") == [
        {"pct": 60.0}
    ]
    conf.write_text(f"bundle {tmp_path / 'nowhere'}\nbundle {good}\n")
    failed = _run(conf, tmp_path)
    assert failed.returncode == 1
    assert "no such file or folder" in failed.stderr
    assert db.read("MATCH (r:LoadRun) RETURN count(r) AS n") == [{"n": 2}], "the second line still ran"


def test_log_lines_leave_out_credentials_in_urls(tmp_path: Path) -> None:
    conf = tmp_path / "sources.conf"
    conf.write_text("csl http://analyst:hunter2@lists.example/csl.csv?api_key=S3CRET&x=1\n")
    done = _run(conf, tmp_path)
    assert done.returncode == 1, done.stderr
    assert "kb load csl http://lists.example/csl.csv" in done.stdout
    assert "refusing a plain http download" in done.stderr, "the line really ran kb load"
    for secret in ("hunter2", "S3CRET", "analyst"):
        assert secret not in done.stdout + done.stderr
