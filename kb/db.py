"""The one module that owns the Neo4j driver.

Every statement names its routing: reads go to READ (a cluster's secondaries may answer them),
writes to WRITE (the leader), through ``execute_query`` or a managed transaction, which retry what
the server calls transient (a leader switch, a deadlock). Only ``run_auto_commit`` runs an implicit
transaction, for what a managed one cannot run (``CALL { … } IN TRANSACTIONS``); it retries by
itself, as kb's auto-commit statements are idempotent. All of them share one bookmark manager, so
each statement sees what the ones before it wrote, and the bookmarks of a process that wrote are
kept in the kb home for the next process (:mod:`kb.bookmarks`). tests/test_routing.py keeps it so.
Every driver failure leaves here as a one-line :class:`~kb.errors.KbError` without credentials.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from kb import __version__, bookmarks
from kb.connection import Connection, resolve
from kb.errors import AuthFailed, ConfigError, DatabaseError, QueryError, Unreachable

Row = dict[str, Any]
Run = Callable[[str, Mapping[str, Any]], list[Row]]
T = TypeVar("T")
AUTO_COMMIT_ATTEMPTS = 4  # with 1, 2, 4 s between them: about as long as the driver's own retries


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
        self._bookmarks = GraphDatabase.bookmark_manager()
        self._store: str | None = None  # which store this is (db.info()), once verify() has asked
        self._wrote = False

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
        """Check the server answers; the first time, start from the bookmarks the last kb process
        that wrote to this database left (:mod:`kb.bookmarks`)."""
        with self._translated():
            self._driver.verify_connectivity()
        row = self.read(
            "CALL dbms.components() YIELD versions, edition "
            "WITH versions[0] AS version, edition LIMIT 1 "
            "CALL db.info() YIELD id, creationDate "
            "RETURN version, edition, id + '@' + toString(creationDate) AS store"
        )[0]
        if self._store is None:
            self._store = str(row["store"])
            if kept := bookmarks.restore(self.connection, self._store):
                ours = self._bookmarks.get_bookmarks()  # of statements run before verify()
                self._bookmarks = GraphDatabase.bookmark_manager(
                    initial_bookmarks=neo4j.Bookmarks.from_raw_values([*kept, *ours])
                )
        return ServerInfo(row["version"], row["edition"], self.connection.safe_uri)

    def bookmarks(self) -> list[str]:
        """The bookmarks the next statement starts from: what this process (or the last writer) wrote."""
        return sorted(self._bookmarks.get_bookmarks())

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
                bookmark_manager_=self._bookmarks,
            )
        return list(keys)

    def write(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        return self._execute(query, parameters, RoutingControl.WRITE)

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Several write queries in one transaction: all of them hold, or none."""

        def work(tx: neo4j.ManagedTransaction) -> None:
            for query, parameters in statements:
                tx.run(query, dict(parameters)).consume()

        with self._translated(), self._session(neo4j.WRITE_ACCESS) as session:
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

        with self._translated(), self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(unit)

    def run_auto_commit(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """For what a managed transaction cannot run: ``CALL { … } IN TRANSACTIONS``, some admin
        commands. Routed as a write. The driver does not retry an implicit transaction, so this
        does, on what the server calls retryable: every auto-commit statement kb has is idempotent
        (a batch done before the failure is skipped or done again to the same effect)."""
        for attempt in range(AUTO_COMMIT_ATTEMPTS):
            with self._translated():
                try:
                    with self._session(neo4j.WRITE_ACCESS) as session:
                        result = session.run(neo4j.Query(query), dict(parameters or {}))
                        keys = result.keys()
                        return [dict(zip(keys, record, strict=True)) for record in result]
                except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                    if attempt + 1 == AUTO_COMMIT_ATTEMPTS or not exc.is_retryable():
                        raise
            time.sleep(2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _session(self, access: str) -> neo4j.Session:
        self._wrote = self._wrote or access == neo4j.WRITE_ACCESS
        return self._driver.session(
            database=self.connection.database,
            default_access_mode=access,
            bookmark_manager=self._bookmarks,
        )

    def _execute(
        self, query: str, parameters: Mapping[str, Any] | None, routing: RoutingControl
    ) -> list[Row]:
        self._wrote = self._wrote or routing == RoutingControl.WRITE
        with self._translated():
            records, _, keys = self._driver.execute_query(
                neo4j.Query(query),
                dict(parameters or {}),
                routing_=routing,
                database_=self.connection.database,
                bookmark_manager_=self._bookmarks,
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
        """Close the driver; after writes, keep the bookmarks for the next kb process."""
        try:
            if self._wrote and self._store is not None:
                bookmarks.save(self.connection, self._store, self._bookmarks.get_bookmarks())
        finally:
            self._driver.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
