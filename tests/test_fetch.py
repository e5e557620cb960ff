"""URL sources: downloaded from a real HTTP server on loopback, retried, kept as raw snapshots."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Run

from kb.db import Database
from kb.errors import LoadError
from kb.loaders import fetch

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
CSL = REAL / "csl" / "csl_consolidated_2025_13rows.csv"


class Handler(http.server.BaseHTTPRequestHandler):
    failures_left = 0

    def do_GET(self) -> None:
        if self.path.startswith("/flaky") and Handler.failures_left > 0:
            Handler.failures_left -= 1
            self.send_error(503, "busy")
            return
        if not self.path.endswith(".csv"):
            self.send_error(404, "not here")
            return
        body = CSL.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_is_kept_with_its_checksum(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    kept = fetch.fetch(f"{server}/lists/consolidated.csv", "csl")
    assert kept.parent == tmp_path / "raw" / "csl" and kept.name.endswith("-consolidated.csv")
    assert kept.read_bytes() == CSL.read_bytes()


def test_server_errors_are_retried_then_reported(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    waits: list[float] = []
    Handler.failures_left = 2
    assert fetch.fetch(f"{server}/flaky/x.csv", "csl", sleep=waits.append).exists()
    assert waits == [2.0, 4.0]
    Handler.failures_left = 10
    with pytest.raises(LoadError, match=r"/flaky/x.csv: download failed after 4 attempt\(s\): HTTP 503"):
        fetch.fetch(f"{server}/flaky/x.csv?token=secret", "csl", sleep=waits.append)
    with pytest.raises(LoadError, match=r"download failed after 1 attempt\(s\): HTTP 404"):
        fetch.fetch(f"{server}/missing", "csl", sleep=waits.append)


def test_kb_load_from_a_url(server: str, db: Database, schema_ready: None, kb: Callable[..., Run],
                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    run = kb("load", "csl", f"{server}/consolidated.csv", "-f", "json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    stored = db.read("MATCH (r:LoadRun {id: $id}) RETURN r.path AS path", {"id": report["run"]})
    assert stored[0]["path"].startswith(f"{server}/consolidated.csv -> {tmp_path / 'raw' / 'csl'}")
    listed = db.read("MATCH (e:Entity)-[:LISTED_ON]->(:List {code: 'EL'}) RETURN count(e) AS n")
    assert listed == [{"n": 1}]
