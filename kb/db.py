"""The one module that owns the Neo4j driver.

Reads and writes go through ``execute_query`` with explicit routing; every driver failure leaves
here as a one-line :class:`~kb.errors.KbError` without credentials.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from kb import __version__
from kb.connection import Connection, resolve
from kb.errors import AuthFailed, ConfigError, DatabaseError, QueryError, Unreachable

Row = dict[str, Any]
Run = Callable[[str, Mapping[str, Any]], list[Row]]
T = TypeVar("T")


@dataclass(frozen=True)
class ServerInfo:
    version: str
    edition: str
    address: str


class Database:
    def __init__(self, connection: Connection, *, warn_notifications: bool | None = None) -> None:
        self.connection = connection
        if warn_notifications is None:
            warn_notifications = os.environ.get("KB_WARN_NOTIFICATIONS", "") not in ("", "0")
        with self._translated():
            self._driver = GraphDatabase.driver(
                connection.uri,
                auth=(connection.username, connection.password),
                user_agent=f"kb/{__version__}",
                warn_notification_severity="WARNING" if warn_notifications else "OFF",
            )

    @classmethod
    def connect(cls, connection: Connection | None = None, **options: Any) -> Database:
        """Open and verify a connection (``NEO4J_*`` environment, else the local server)."""
        database = cls(connection or resolve(), **options)
        try:
            database.verify()
        except BaseException:
            database.close()
            raise
        return database

    def verify(self) -> ServerInfo:
        with self._translated():
            self._driver.verify_connectivity()
        row = self.read(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN versions[0] AS version, edition LIMIT 1"
        )[0]
        return ServerInfo(row["version"], row["edition"], self.connection.safe_uri)

    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        return self._execute(query, parameters, RoutingControl.READ)

    def read_keys(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[str]:
        """The column names of a read query's result, which Neo4j gives even when no row comes back."""
        with self._translated():
            _, _, keys = self._driver.execute_query(
                neo4j.Query(query),
                dict(parameters or {}),
                routing_=RoutingControl.READ,
                database_=self.connection.database,
            )
        return list(keys)

    def write(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        return self._execute(query, parameters, RoutingControl.WRITE)

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Several write queries in one transaction: all of them hold, or none."""

        def work(tx: neo4j.ManagedTransaction) -> None:
            for query, parameters in statements:
                tx.run(query, dict(parameters)).consume()

        with self._translated(), self._driver.session(database=self.connection.database) as session:
            session.execute_write(work)

    def in_write_transaction(self, work: Callable[[Run], T]) -> T:
        """``work(run)`` in one write transaction, where ``run(query, parameters)`` returns rows:
        for a write that must read first (what it reads stays consistent with what it writes
        once it has locked what it writes)."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            def run(query: str, parameters: Mapping[str, Any]) -> list[Row]:
                result = tx.run(query, dict(parameters))
                keys = result.keys()
                return [dict(zip(keys, record, strict=True)) for record in result]

            return work(run)

        with self._translated(), self._driver.session(database=self.connection.database) as session:
            return session.execute_write(unit)

    def run_auto_commit(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """For what a managed transaction cannot run: ``CALL { … } IN TRANSACTIONS``, some admin commands."""
        with self._translated(), self._driver.session(database=self.connection.database) as session:
            result = session.run(neo4j.Query(query), dict(parameters or {}))
            keys = result.keys()
            return [dict(zip(keys, record, strict=True)) for record in result]

    def _execute(
        self, query: str, parameters: Mapping[str, Any] | None, routing: RoutingControl
    ) -> list[Row]:
        with self._translated():
            records, _, keys = self._driver.execute_query(
                neo4j.Query(query),
                dict(parameters or {}),
                routing_=routing,
                database_=self.connection.database,
            )
        return [dict(zip(keys, record, strict=True)) for record in records]

    @contextmanager
    def _translated(self) -> Iterator[None]:
        where = self.connection.safe_uri
        try:
            yield
        except neo4j_errors.AuthError:
            hint = (
                "check NEO4J_USERNAME and NEO4J_PASSWORD"
                if self.connection.origin == "environment"
                else "the password in the kb home no longer matches the server's"
            )
            raise AuthFailed(
                f"Neo4j at {where} refused the credentials of user {self.connection.username!r}: {hint}"
            ) from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise Unreachable(f"cannot reach Neo4j at {where}: {self._clean(exc)}") from None
        except neo4j_errors.ConfigurationError as exc:
            raise ConfigError(f"bad Neo4j connection settings: {self._clean(exc)}") from None
        except neo4j_errors.Neo4jError as exc:
            message = f"{exc.code or 'Neo4j error'}: {self._clean(exc.message or exc)}"
            raise QueryError(message, code=exc.code) from None
        except (neo4j_errors.DriverError, ValueError) as exc:
            raise DatabaseError(f"Neo4j at {where}: {self._clean(exc)}") from None

    def _clean(self, exc: object) -> str:
        text = " ".join(str(exc).split())
        if self.connection.password:
            text = text.replace(self.connection.password, "***")
        return text or type(exc).__name__

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
