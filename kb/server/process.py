"""Start, stop and inspect the local Neo4j server process."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from pathlib import Path

from kb.errors import AlreadyRunning, NotRunning, PortInUse, ServerError
from kb.server.instance import Home, Instance

# A subset of the JVM options Neo4j's own launcher adds, valid on Java 17 to 25.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


def neo4j_env(home: Home) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env.update(NEO4J_HOME=str(home.neo4j), NEO4J_CONF=str(home.conf_dir))
    return env


def classpath(instance: Instance) -> str:
    root = Path(instance.distribution)
    return f"{root / 'plugins'}/*:{root / 'lib'}/*"


def command(instance: Instance, home: Home) -> list[str]:
    return [
        instance.java,
        f"-Xms{instance.heap}",
        f"-Xmx{instance.heap}",
        *JVM_OPTIONS,
        "-cp",
        classpath(instance),
        instance.main_class,
        f"--home-dir={home.neo4j}",
        f"--config-dir={home.conf_dir}",
    ]


def running_pid(home: Home) -> int | None:
    """The pid of this home's server if it runs; a stale pid file is removed."""
    try:
        pid = int(home.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    if _is_our_server(pid, home):
        return pid
    _reap(pid)
    home.pid_file.unlink(missing_ok=True)
    return None


def _is_our_server(pid: int, home: Home) -> bool:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"--home-dir={home.neo4j}".encode() in args and f"--config-dir={home.conf_dir}".encode() in args


def _reap(pid: int) -> None:
    """Collect the exit status of a server this process started (else it lingers as a zombie)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def check_ports_free(instance: Instance) -> None:
    for name, port in (("Bolt", instance.bolt_port), ("HTTP", instance.http_port)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise PortInUse(
                    f"port {port} ({name}) on 127.0.0.1 is already in use: stop what holds it "
                    f"or choose another with `kb server install --{name.lower()}-port`"
                ) from None


def spawn(instance: Instance, home: Home) -> int:
    if (pid := running_pid(home)) is not None:
        raise AlreadyRunning(f"the local Neo4j server is already running (pid {pid}, {instance.bolt_uri})")
    check_ports_free(instance)
    home.console_log.parent.mkdir(parents=True, exist_ok=True)
    home.run.mkdir(parents=True, exist_ok=True)
    argv = command(instance, home)
    pid = os.posix_spawn(
        argv[0],
        argv,
        neo4j_env(home),
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, str(home.console_log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
            (os.POSIX_SPAWN_DUP2, 1, 2),
        ],
        setsid=True,
    )
    home.pid_file.write_text(f"{pid}\n")
    deadline = time.monotonic() + 10
    while not _is_our_server(pid, home) and is_alive(pid, home) and time.monotonic() < deadline:
        time.sleep(0.05)  # posix_spawn may return before the exec: wait until the pid is Neo4j
    return pid


def terminate(home: Home, timeout: float = 60.0) -> int:
    pid = running_pid(home)
    if pid is None:
        raise NotRunning("the local Neo4j server is not running")
    _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not _gone(pid):
        time.sleep(0.2)
    if not _gone(pid):
        _signal(pid, signal.SIGKILL)
        while not _gone(pid):
            time.sleep(0.1)
    home.pid_file.unlink(missing_ok=True)
    return pid


def _gone(pid: int) -> bool:
    """Exited for good: reaped if it is our child, else absent or a zombie for its own parent."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        return reaped == pid
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)  # the server leads its own session (setsid), so its group is its pid
    except ProcessLookupError:
        pass
    except PermissionError as exc:
        raise ServerError(f"not allowed to signal the Neo4j server (pid {pid})") from exc


def is_alive(pid: int, home: Home) -> bool:
    try:
        exited, _ = os.waitpid(pid, os.WNOHANG)  # our child: the kernel knows best
        return exited == 0
    except ChildProcessError:
        return _is_our_server(pid, home)


def log_tail(home: Home, lines: int = 20) -> str:
    for log in (home.logs / "neo4j.log", home.console_log):
        if log.exists() and log.stat().st_size:
            return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return "(the server wrote no log)"
