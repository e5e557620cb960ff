"""Find a JDK that can run the chosen Neo4j version."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kb.errors import JavaError
from kb.server.versions import java_range

_VERSION_LINE = re.compile(r'version "(?P<feature>\d+)(?:\.\d+)*[^"]*"')
JVM_ROOT = Path("/usr/lib/jvm")


@dataclass(frozen=True)
class Jdk:
    java: Path
    feature: int

    @property
    def home(self) -> Path:
        return self.java.parent.parent


def probe(java: Path) -> Jdk | None:
    """The feature release of a ``java`` binary, or None when it does not run."""
    try:
        done = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = _VERSION_LINE.search(done.stderr + done.stdout)
    if done.returncode != 0 or not match:
        return None
    return Jdk(java=java.resolve(), feature=int(match["feature"]))


def _candidates() -> list[Path]:
    found: list[Path] = []
    if home := os.environ.get("JAVA_HOME"):
        found.append(Path(home) / "bin" / "java")
    if on_path := shutil.which("java"):
        found.append(Path(on_path))
    if JVM_ROOT.is_dir():
        found.extend(sorted(JVM_ROOT.glob("*/bin/java"), reverse=True))
    return [path for path in found if path.exists()]


def _describe(low: int, high: int | None) -> str:
    return f"Java {low}" + (f" to {high}" if high and high != low else " or newer" if not high else "")


def find_jdk(neo4j_version: str) -> Jdk:
    """``KB_JAVA_HOME`` if set (strictly), else the first fitting JDK in JAVA_HOME, PATH, /usr/lib/jvm."""
    low, high = java_range(neo4j_version)
    wanted = _describe(low, high)
    if strict := os.environ.get("KB_JAVA_HOME"):
        jdk = probe(Path(strict) / "bin" / "java")
        if jdk is None:
            raise JavaError(f"KB_JAVA_HOME={strict} holds no working java")
        if not _fits(jdk, low, high):
            raise JavaError(
                f"Neo4j {neo4j_version} needs {wanted}; KB_JAVA_HOME={strict} is Java {jdk.feature}"
            )
        return jdk
    seen: list[Jdk] = []
    for path in _candidates():
        jdk = probe(path)
        if jdk is None or jdk in seen:
            continue
        if _fits(jdk, low, high):
            return jdk
        seen.append(jdk)
    if not seen:
        raise JavaError(
            f"no Java found: Neo4j {neo4j_version} needs {wanted}; install a JDK or set JAVA_HOME"
        )
    found = ", ".join(f"Java {jdk.feature} ({jdk.home})" for jdk in seen)
    raise JavaError(
        f"Neo4j {neo4j_version} needs {wanted}; found only {found}: "
        "install a fitting JDK or point JAVA_HOME at one"
    )


def _fits(jdk: Jdk, low: int, high: int | None) -> bool:
    return jdk.feature >= low and (high is None or jdk.feature <= high)
