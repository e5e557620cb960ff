"""Which Neo4j kb talks to: the ``NEO4J_*`` environment (Aura, Docker, a cluster) or the local server."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kb.errors import ConfigError
from kb.server.instance import USERNAME, Home

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, repr=False)
class Connection:
    uri: str
    username: str
    password: str
    database: str | None = None
    origin: str = "environment"

    def __repr__(self) -> str:
        return (
            f"Connection(uri={self.safe_uri!r}, username={self.username!r}, "
            f"database={self.database!r}, origin={self.origin!r})"
        )

    @property
    def safe_uri(self) -> str:
        """The URI without any user information, fit for messages and logs."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def resolve(home: Home | None = None) -> Connection:
    """``NEO4J_URI`` (with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) wins;
    otherwise the local server of the kb home."""
    database = os.environ.get("NEO4J_DATABASE") or None
    if uri := os.environ.get("NEO4J_URI"):
        return Connection(
            uri=uri,
            username=os.environ.get("NEO4J_USERNAME", USERNAME),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=database,
        )
    home = home or Home()
    instance = home.load()
    if instance is None:
        raise ConfigError(
            "no Neo4j configured: set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD) "
            "or run `kb server start` for a local server"
        )
    return Connection(
        uri=instance.bolt_uri,
        username=USERNAME,
        password=home.password(),
        database=database,
        origin=f"local server in {home.root}",
    )


def names_own_server(uri: str, home: Home | None = None) -> bool:
    """Whether ``uri`` (any scheme) names the local server of the kb home, which kb runs itself and
    can reach on disk; anything else (Aura, a cluster, a Docker container) is remote to kb."""
    parts = urlsplit(uri)
    try:
        instance = (home or Home()).load()
        port = parts.port or 7687
    except (ConfigError, ValueError):  # a damaged server.json, a port that is not a number
        return False
    return instance is not None and parts.hostname in LOOPBACK and port == instance.bolt_port
