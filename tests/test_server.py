"""kb's own local Neo4j server: lifecycle, auth, ports and the errors of a bad set-up."""

from __future__ import annotations

import json
import re
import shutil
import stat
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from backend import Backend, free_port
from conftest import Run

from kb.errors import JavaError, MavenError, PortInUse
from kb.server import jars, java, manage, process
from kb.server.instance import Home, default_memory

Kb = Callable[..., Run]


def _use_home(monkeypatch: pytest.MonkeyPatch, home: Home) -> None:
    monkeypatch.setenv("KB_HOME", str(home.root))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def test_status_describes_the_running_server(
    local_server: Backend, kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert local_server.home is not None
    _use_home(monkeypatch, local_server.home)
    status = json.loads(kb("server", "status", "-f", "json").out)
    instance = local_server.home.load()
    assert instance is not None
    assert status["state"] == "running"
    assert status["version"] == instance.version
    assert status["bolt"] == local_server.connection.uri
    assert status["http"] == instance.http_url
    assert isinstance(status["pid"], int) and process.running_pid(local_server.home) == status["pid"]
    assert status["health"].startswith(f"ok: Bolt answers (community {instance.version})")
    assert status["data_dir"] == str(local_server.home.data)


def test_cli_without_neo4j_uri_uses_the_local_server(
    local_server: Backend, kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert local_server.home is not None
    _use_home(monkeypatch, local_server.home)
    run = kb("cypher", "CALL dbms.components() YIELD edition RETURN edition", "-f", "json")
    assert json.loads(run.out) == [{"edition": "community"}]


def test_http_answers_and_serves_browser(local_server: Backend) -> None:
    assert local_server.home is not None
    instance = local_server.home.load()
    assert instance is not None
    with urllib.request.urlopen(instance.http_url, timeout=10) as response:
        discovery = json.load(response)
    assert discovery["neo4j_version"] == instance.version
    assert discovery["bolt_direct"] == instance.bolt_uri
    # Browser is optional (kb installs it when Maven resolves it): served exactly when installed.
    installed = sorted(jar.name for jar in (Path(instance.distribution) / "lib").glob("neo4j-browser-*.jar"))
    assert installed == ([f"neo4j-browser-{instance.browser}.jar"] if instance.browser else [])
    try:
        with urllib.request.urlopen(instance.http_url + "browser/", timeout=10) as response:
            served = response.status == 200 and b"<html" in response.read(4096).lower()
    except urllib.error.HTTPError:
        served = False
    assert served is bool(installed)


def test_auth_is_on_with_a_private_generated_password(
    local_server: Backend, kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert local_server.home is not None
    mode = stat.S_IMODE(local_server.home.password_file.stat().st_mode)
    assert mode == 0o600
    assert len(local_server.connection.password) >= 24
    monkeypatch.setenv("NEO4J_URI", local_server.connection.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "guess")
    run = kb("db", "stats")
    assert run.code == 1
    assert run.err == (
        f"kb: error: Neo4j at {local_server.connection.uri} refused the credentials of user 'neo4j': "
        "check NEO4J_USERNAME and NEO4J_PASSWORD\n"
    )


def test_start_twice_says_already_running(
    local_server: Backend, kb: Kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert local_server.home is not None
    _use_home(monkeypatch, local_server.home)
    run = kb("server", "start")
    assert run.code == 1
    assert run.err.startswith("kb: error: the local Neo4j server is already running (pid ")


def test_port_taken_by_another_server_is_refused(local_server: Backend, tmp_path: Path) -> None:
    taken = int(local_server.connection.uri.rsplit(":", 1)[1])
    home = Home(tmp_path / "second")
    manage.install(home, bolt_port=taken, http_port=free_port(), heap="512m", pagecache="128m")
    with pytest.raises(PortInUse, match=rf"port {taken} \(Bolt\) on 127.0.0.1 is already in use"):
        manage.start(home)
    assert process.running_pid(home) is None


def test_start_stop_leaves_no_process(tmp_path: Path, kb: Kb, monkeypatch: pytest.MonkeyPatch) -> None:
    home = Home(tmp_path / "lifecycle")
    home.root.mkdir(parents=True)
    # Generated passwords may start with "-", which neo4j-admin must not take for an option; a password
    # of the user's own may hold quotes, backslashes and spaces, which must reach Neo4j as they are.
    home.password_file.write_text('-dash-first "quoted" back\\slash password-0123456789\n')
    home.password_file.chmod(0o600)
    manage.install(home, bolt_port=free_port(), http_port=free_port(), heap="512m", pagecache="128m")
    _use_home(monkeypatch, home)
    started = kb("server", "start", "-f", "json")
    assert started.code == 0, started.err
    pid = json.loads(started.out)["pid"]
    assert Path(f"/proc/{pid}").exists()
    stopped = kb("server", "stop")
    assert stopped.code == 0 and f"pid {pid}" in stopped.err
    assert not process.is_alive(pid, home)
    leftovers = [p for p in Path("/proc").glob("[0-9]*") if _cmdline(p).find(str(home.neo4j)) >= 0]
    assert leftovers == []
    again = kb("server", "stop")
    assert again.code == 1 and again.err == "kb: error: the local Neo4j server is not running\n"
    assert json.loads(kb("server", "status", "-f", "json").out)["state"] == "stopped"


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.neo4j  # a JDK as kb's server needs, not the server itself
def test_this_machine_has_a_java_for_the_default_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_JAVA_HOME", str(tmp_path))
    with pytest.raises(JavaError, match=f"KB_JAVA_HOME={tmp_path} holds no working java"):
        java.find_jdk("5.26.30")
    monkeypatch.delenv("KB_JAVA_HOME")
    assert 17 <= java.find_jdk("5.26.30").feature <= 21


def fake_jdk(root: Path, feature: int) -> Path:
    """A JDK home whose java answers -version as OpenJDK ``feature`` does (and does nothing else)."""
    home = root / f"jdk-{feature}"
    (home / "bin").mkdir(parents=True)
    script = home / "bin" / "java"
    script.write_text(f"#!/bin/sh\necho 'openjdk version \"{feature}.0.2\" 2024-01-16' >&2\n")
    script.chmod(0o755)
    return home


@pytest.mark.parametrize(
    ("feature", "version", "needs"),
    [
        (11, "5.26.30", "Java 17 to 21"),
        (25, "5.26.30", "Java 17 to 21"),
        (17, "2026.08.1", "Java 21 or newer"),
    ],
)
def test_java_that_cannot_run_the_version_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, feature: int, version: str, needs: str
) -> None:
    home = fake_jdk(tmp_path, feature)
    monkeypatch.setenv("KB_JAVA_HOME", str(home))
    with pytest.raises(JavaError) as raised:
        java.find_jdk(version)
    assert str(raised.value) == f"Neo4j {version} needs {needs}; KB_JAVA_HOME={home} is Java {feature}"


@pytest.mark.parametrize(
    ("feature", "version"), [(17, "5.26.30"), (21, "5.26.30"), (21, "2026.08.1"), (25, "2026.08.1")]
)
def test_java_that_can_run_the_version_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, feature: int, version: str
) -> None:
    home = fake_jdk(tmp_path, feature)
    monkeypatch.setenv("KB_JAVA_HOME", str(home))
    assert java.find_jdk(version) == java.Jdk((home / "bin" / "java").resolve(), feature)


def test_no_java_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(java, "JVM_ROOT", tmp_path / "jvm")
    with pytest.raises(JavaError, match=r"no Java found: Neo4j 5\.26\.30 needs Java 17 to 21"):
        java.find_jdk("5.26.30")


def test_missing_maven_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MavenError, match=r"Maven \(mvn\) is not on PATH"):
        jars.ensure_distribution("5.26.30", progress=lambda _: None)


@pytest.mark.neo4j  # a JDK (Maven) as kb's server needs, not the server itself
def test_version_maven_central_lacks_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert shutil.which("mvn"), "the test needs Maven, as kb server install does"
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(MavenError, match=r"Maven could not resolve Neo4j \(server\): .*org.neo4j"):
        jars.ensure_distribution("5.26.999", progress=lambda _: None)
    assert not (tmp_path / "cache" / "neo4j" / "5.26.999").exists()


def test_memory_is_sized_from_the_machine() -> None:
    gib = 1024**3
    assert default_memory(24 * gib) == ("3072m", "3072m")
    assert default_memory(2 * gib) == ("512m", "256m")
    assert default_memory(256 * gib) == ("8192m", "8192m")


@pytest.mark.neo4j  # installs from the jar cache with a JDK; starts nothing
def test_install_gives_an_eighth_of_the_machines_ram_to_heap_and_page_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("KB_NEO4J_HEAP", "KB_NEO4J_PAGECACHE"):
        monkeypatch.delenv(name, raising=False)
    meminfo = re.search(r"^MemTotal:\s+(\d+) kB$", Path("/proc/meminfo").read_text(), re.MULTILINE)
    assert meminfo is not None
    eighth = int(meminfo[1]) * 1024 // 8 // 2**20  # MiB
    instance = manage.install(Home(tmp_path / "sized"), bolt_port=free_port(), http_port=free_port())
    # docs: an eighth each; heap 512m to 8g, page cache 256m to 8g
    assert instance.heap == f"{min(max(eighth, 512), 8192)}m"
    assert instance.pagecache == f"{min(max(eighth, 256), 8192)}m"
