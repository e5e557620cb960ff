"""The local server's instance: settings, ``neo4j.conf``, password and directories in the kb home.

Layout of ``KB_HOME``::

    server.json           settings of this instance (version, ports, memory, Java)
    neo4j-password        the generated password of user neo4j (mode 0600)
    neo4j/conf/neo4j.conf written by kb from server.json
    neo4j/{data,logs,run} Neo4j's own directories
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from kb.errors import ConfigError
from kb.paths import kb_home

BOLT_PORT = 7687
HTTP_PORT = 7474
USERNAME = "neo4j"
_MIB = 1024 * 1024
# The only APOC routines the server loads. kb's own code and queries call none; apoc.version() is
# harmless and shows APOC is present. Everything else (apoc.load.*, apoc.cypher.run*, apoc.export.*,
# apoc.periodic.*) stays unloaded, and nothing is unrestricted: this one needs no sandbox escape.
APOC_ALLOWLIST = ("apoc.version",)


@dataclass(frozen=True)
class Instance:
    version: str
    java: str
    distribution: str
    main_class: str
    bolt_port: int = BOLT_PORT
    http_port: int = HTTP_PORT
    heap: str = "1g"
    pagecache: str = "512m"
    apoc: str | None = None
    browser: str | None = None

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/"


class Home:
    """Paths of one kb home; nothing here touches a running process."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or kb_home()
        self.settings = self.root / "server.json"
        self.password_file = self.root / "neo4j-password"
        self.neo4j = self.root / "neo4j"
        self.conf_dir = self.neo4j / "conf"
        self.data = self.neo4j / "data"
        self.logs = self.neo4j / "logs"
        self.run = self.neo4j / "run"
        self.pid_file = self.run / "kb-neo4j.pid"
        self.console_log = self.logs / "console.log"

    def load(self) -> Instance | None:
        if not self.settings.exists():
            return None
        try:
            return Instance(**json.loads(self.settings.read_text()))
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                f"{self.settings} is damaged ({exc}): remove it and run kb server install"
            ) from exc

    def save(self, instance: Instance) -> None:
        self._make_root()
        for directory in (self.conf_dir, self.data, self.logs, self.run):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.settings.write_text(json.dumps(asdict(instance), indent=2) + "\n")
        (self.conf_dir / "neo4j.conf").write_text(render_conf(instance, self))

    def password(self) -> str:
        """The stored password, generated (0600) on first use.

        An existing file must be a regular file of the current user; one that group or others may
        read is set back to 0600 with a warning (kb's own file, loosened by a copy or an editor).
        """
        try:
            # O_NOFOLLOW: a symlink fails here instead of being read; O_NONBLOCK: a FIFO cannot hang us.
            fd = os.open(self.password_file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return self._generate_password()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise ConfigError(
                    f"{self.password_file} is a symbolic link: kb reads the password only from a "
                    "regular file of yours; replace the link with the file"
                ) from None
            raise ConfigError(f"{self.password_file}: cannot read the password ({exc.strerror})") from None
        with os.fdopen(fd) as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ConfigError(f"{self.password_file} is not a regular file: remove it")
            if info.st_uid != os.geteuid():
                raise ConfigError(
                    f"{self.password_file} belongs to uid {info.st_uid}, not to you (uid {os.geteuid()}): "
                    "kb does not use a password file another user controls"
                )
            mode = stat.S_IMODE(info.st_mode)
            if mode & 0o077:
                os.fchmod(fd, 0o600)
                print(
                    f"kb: warning: {self.password_file} had mode {mode:04o}, open to group or others; "
                    "kb set it to 0600",
                    file=sys.stderr,
                )
            return handle.read().strip()

    def _make_root(self) -> None:
        """The kb home holds the graph and the password: readable by its owner only when kb makes it
        (an existing folder keeps the mode its owner gave it)."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _generate_password(self) -> str:
        """Write a new password where no process can read it half-written: a private temporary file
        linked into place, which fails if another kb process got there first (then use theirs)."""
        self._make_root()
        password = secrets.token_urlsafe(24)
        temporary = self.password_file.with_name(f".{self.password_file.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(password + "\n")
        try:
            os.link(temporary, self.password_file)
        except FileExistsError:
            return self.password()
        finally:
            temporary.unlink()
        return password

    def database_created(self) -> bool:
        return (self.data / "dbms").exists()


def render_conf(instance: Instance, home: Home) -> str:
    lines = [
        "# Written by kb from server.json: edit with `kb server install --…`, not by hand.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{instance.bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{instance.bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{instance.http_port}",
        f"server.http.advertised_address=127.0.0.1:{instance.http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        f"server.memory.heap.initial_size={instance.heap}",
        f"server.memory.heap.max_size={instance.heap}",
        f"server.memory.pagecache.size={instance.pagecache}",
        f"server.directories.data={home.data}",
        f"server.directories.logs={home.logs}",
        f"server.directories.run={home.run}",
        f"server.directories.plugins={Path(instance.distribution) / 'plugins'}",
        f"server.directories.import={home.neo4j / 'import'}",
        f"dbms.security.procedures.allowlist={','.join(APOC_ALLOWLIST)}",
        "db.tx_log.rotation.retention_policy=2 days 1G",
    ]
    return "\n".join(lines) + "\n"


def machine_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def default_memory(total: int | None = None) -> tuple[str, str]:
    """Heap and page cache sized from the machine: an eighth each, heap 512m to 8g, cache 256m to 8g."""
    total = total if total is not None else machine_memory()
    heap = min(max(total // 8, 512 * _MIB), 8192 * _MIB)
    pagecache = min(max(total // 8, 256 * _MIB), 8192 * _MIB)
    return f"{heap // _MIB}m", f"{pagecache // _MIB}m"
