"""Resolve a Neo4j distribution (server, APOC Core, Browser) from Maven Central into a jar cache.

The cache lives in ``cache_dir()/neo4j/<version>``: a second install of a version reads it and
never calls Maven. Maven's own ``~/.m2`` cache makes even a fresh kb cache quick.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.errors import MavenError
from kb.paths import cache_dir, resource
from kb.server.versions import DEFAULT_BROWSER_VERSION_RANGE, apoc_range

Progress = Callable[[str], None]
PLUGIN_ARTIFACTS = frozenset({"org.neo4j.procedure:apoc-core", "org.neo4j.procedure:apoc-common"})
MANIFEST = "manifest.json"
ENTRY_POINT_SERVICE = "org.neo4j.server.startup.EntryPoint"


@dataclass(frozen=True)
class Distribution:
    version: str
    root: Path
    main_class: str
    apoc: str | None
    browser: str | None

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    def classpath(self) -> str:
        # Plugins first, as Neo4j's own launcher does: APOC registers extensions via the classpath.
        return f"{self.plugins}/*:{self.lib}/*"


def ensure_distribution(version: str, progress: Progress) -> Distribution:
    root = cache_dir() / "neo4j" / version
    manifest = root / MANIFEST
    if manifest.exists():
        data = json.loads(manifest.read_text())
        return Distribution(version, root, data["main_class"], data.get("apoc"), data.get("browser"))
    mvn = shutil.which("mvn")
    if mvn is None:
        raise MavenError("Maven (mvn) is not on PATH: install Maven (apt-get install maven) or use Docker")
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{version}-", dir=root.parent) as tmp:
        staging = Path(tmp)
        progress(f"Resolving Neo4j {version} from Maven Central…")
        server = _resolve(mvn, "server", {"neo4j.version": version}, staging / "server", required=True)
        progress("Resolving APOC Core…")
        apoc = _resolve(mvn, "apoc", {"apoc.version": apoc_range(version)}, staging / "apoc")
        progress("Resolving Neo4j Browser…")
        browser = _resolve(
            mvn, "browser", {"browser.version": DEFAULT_BROWSER_VERSION_RANGE}, staging / "browser"
        )
        dist = Distribution(
            version,
            root,
            main_class=_entry_point(server, version),
            apoc=_version_of(apoc, "org.neo4j.procedure:apoc-core"),
            browser=_version_of(browser, "org.neo4j.client:neo4j-browser"),
        )
        _lay_out(staging / "dist", server, apoc, browser)
        (staging / "dist" / MANIFEST).write_text(
            json.dumps({key: getattr(dist, key) for key in ("version", "main_class", "apoc", "browser")})
        )
        shutil.rmtree(root, ignore_errors=True)
        (staging / "dist").rename(root)
    return dist


Jars = dict[str, tuple[str, Path]]  # "group:artifact" -> (version, jar)


def _resolve(mvn: str, profile: str, props: dict[str, str], out: Path, required: bool = False) -> Jars:
    command = [
        mvn, "-B", "-q", "-U", "-Dstyle.color=never",
        "-f", str(resource("docker/neo4j/pom.xml")), "-P", profile,
        *(f"-D{key}={value}" for key, value in props.items()),
        "dependency:copy-dependencies", "-DincludeScope=runtime",
        "-Dmdep.useRepositoryLayout=true", f"-DoutputDirectory={out}",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MavenError(f"Maven did not finish resolving the {profile} jars in 30 minutes") from exc
    if done.returncode != 0:
        if not required:
            return {}
        raise MavenError(
            f"Maven could not resolve Neo4j ({profile}): {_first_error(done.stdout + done.stderr)}"
        )
    return _scan(out)


def _first_error(output: str) -> str:
    for line in output.splitlines():
        _, marker, text = line.partition("[ERROR]")
        if marker and text.strip():
            return text.strip().split(" -> [Help")[0]
    return output.strip().splitlines()[-1] if output.strip() else "mvn failed without output"


def _scan(out: Path) -> Jars:
    jars: Jars = {}
    for jar in sorted(out.rglob("*.jar")):
        parts = jar.relative_to(out).parts  # group/dirs/.../artifact/version/file.jar
        key = ".".join(parts[:-3]) + ":" + parts[-3]
        jars[key] = (parts[-2], jar)
    return jars


def _entry_point(server: Jars, version: str) -> str:
    """The server's main class, as the neo4j jar declares it (it moved in 2025.x)."""
    if "org.neo4j:neo4j" not in server:
        raise MavenError(f"Maven resolved no org.neo4j:neo4j {version} jar")
    with zipfile.ZipFile(server["org.neo4j:neo4j"][1]) as jar:
        declared = jar.read(f"META-INF/services/{ENTRY_POINT_SERVICE}").decode().split()
    if not declared:
        raise MavenError(f"the org.neo4j:neo4j {version} jar declares no server entry point")
    return declared[0]


def _version_of(jars: Jars, key: str) -> str | None:
    return jars[key][0] if key in jars else None


def _lay_out(target: Path, server: Jars, apoc: Jars, browser: Jars) -> None:
    """lib/ holds the server and Browser; plugins/ holds APOC and whatever it adds to the server's jars."""
    (target / "lib").mkdir(parents=True)
    (target / "plugins").mkdir()
    for _, jar in [*server.values(), *browser.values()]:
        shutil.copy2(jar, target / "lib" / jar.name)
    for key, (_, jar) in apoc.items():
        if key in PLUGIN_ARTIFACTS or key not in server:
            shutil.copy2(jar, target / "plugins" / jar.name)
