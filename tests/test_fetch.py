"""URL sources: downloaded from real HTTP(S) servers on loopback, retried, kept as raw snapshots;
plain http only when the user accepts it."""

from __future__ import annotations

import http.server
import json
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Run
from shared_data import SampleFolder

from kb.db import Database
from kb.errors import LoadError, UsageError
from kb.loaders import fetch

CSL = SampleFolder("csl")


class Handler(http.server.BaseHTTPRequestHandler):
    failures_left = 0
    redirect_to = ""
    body = b""  # the CSL sample, read when a server starts

    def do_GET(self) -> None:
        if self.path.startswith("/moved"):
            self.send_response(302)
            self.send_header("Location", Handler.redirect_to)
            self.end_headers()
            return
        if self.path.startswith("/flaky") and Handler.failures_left > 0:
            Handler.failures_left -= 1
            self.send_error(503, "busy")
            return
        if not self.path.endswith(".csv"):
            self.send_error(404, "not here")
            return
        body = Handler.body
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(tls: ssl.SSLContext | None = None) -> Iterator[str]:
    Handler.body = (CSL / "csl_consolidated_2025_13rows.csv").read_bytes()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"{'https' if tls else 'http'}://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server() -> Iterator[str]:
    yield from _serve()


@pytest.fixture
def tls_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """HTTPS on loopback with a fresh self-signed certificate that this test's clients trust."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # OpenSSL's trust store for kb's downloads
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    yield from _serve(context)


def test_download_is_kept_with_its_checksum(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    kept = fetch.fetch(f"{server}/lists/consolidated.csv", "csl", insecure=True)
    assert kept.parent == tmp_path / "raw" / "csl" and kept.name.endswith("-consolidated.csv")
    assert kept.read_bytes() == Handler.body


def test_server_errors_are_retried_then_reported(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    waits: list[float] = []
    Handler.failures_left = 2
    assert fetch.fetch(f"{server}/flaky/x.csv", "csl", sleep=waits.append, insecure=True).exists()
    assert waits == [2.0, 4.0]
    Handler.failures_left = 10
    with pytest.raises(LoadError, match=r"/flaky/x.csv: download failed after 4 attempt\(s\): HTTP 503"):
        fetch.fetch(f"{server}/flaky/x.csv?token=secret", "csl", sleep=waits.append, insecure=True)
    with pytest.raises(LoadError, match=r"download failed after 1 attempt\(s\): HTTP 404"):
        fetch.fetch(f"{server}/missing", "csl", sleep=waits.append, insecure=True)


def test_kb_load_from_a_url(server: str, db: Database, schema_ready: None, kb: Callable[..., Run],
                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    run = kb("load", "csl", f"{server}/consolidated.csv", "--insecure", "-f", "json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    stored = db.read("MATCH (r:LoadRun {id: $id}) RETURN r.path AS path", {"id": report["run"]})
    assert stored[0]["path"].startswith(f"{server}/consolidated.csv -> {tmp_path / 'raw' / 'csl'}")
    listed = db.read("MATCH (e:Entity)-[:LISTED_ON]->(:List {code: 'EL'}) RETURN count(e) AS n")
    assert listed == [{"n": 1}]


def test_plain_http_is_refused_without_insecure(server: str, db: Database, kb: Callable[..., Run],
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    port = server.rsplit(":", 1)[1]
    run = kb("load", "csl", f"http://reader:pa55word@127.0.0.1:{port}/consolidated.csv?token=s3cret")
    assert run.code == 2
    assert run.err == (
        f"kb: error: http://127.0.0.1:{port}/consolidated.csv: refusing a plain http download (unencrypted, "
        "it can be altered on the way): use https, or pass --insecure to accept it\n"
    )
    assert not (tmp_path / "raw").exists()
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_https_downloads_and_refuses_a_redirect_to_http(
    tls_server: str, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    assert fetch.fetch(f"{tls_server}/consolidated.csv", "csl").read_bytes() == Handler.body
    Handler.redirect_to = f"{server}/consolidated.csv"
    with pytest.raises(UsageError) as refused:
        fetch.fetch(f"{tls_server}/moved/list.csv?key=s3cret", "csl")
    assert str(refused.value) == (
        f"{server}/consolidated.csv (redirected from {tls_server}/moved/list.csv): refusing a plain http "
        "download (unencrypted, it can be altered on the way): use https, or pass --insecure to accept it"
    )
    assert len(list((tmp_path / "raw" / "csl").iterdir())) == 1  # the first download only
    accepted = fetch.fetch(f"{tls_server}/moved/list.csv", "csl", insecure=True)
    assert accepted.read_bytes() == Handler.body
