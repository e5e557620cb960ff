"""One error tree for kb.

Every failure a user can cause or meet is a :class:`KbError` whose message is a single line that
says what went wrong and what to do. The CLI prints it to stderr and exits non-zero; no traceback
and no credential ever reaches the user.
"""

from __future__ import annotations


class KbError(Exception):
    """Base of every error kb raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(KbError):
    """The command or its arguments are wrong."""

    exit_code = 2


class ConfigError(KbError):
    """kb is not configured for what was asked (no server, bad environment variable...)."""


class JavaError(KbError):
    """No suitable JDK for the chosen Neo4j version."""


class MavenError(KbError):
    """Maven is missing, Maven Central is unreachable, or an artifact does not resolve."""


class ServerError(KbError):
    """The local Neo4j server is in the wrong state or failed to start or stop."""


class AlreadyRunning(ServerError):
    """``kb server start`` while the server runs."""


class NotRunning(ServerError):
    """A command needs the local server running and it is not."""


class PortInUse(ServerError):
    """A port the server needs is taken by another process."""


class DatabaseError(KbError):
    """Talking to Neo4j failed."""


class Unreachable(DatabaseError):
    """No Neo4j answers at the configured address."""


class AuthFailed(DatabaseError):
    """Neo4j refused the credentials."""


class QueryError(DatabaseError):
    """Neo4j rejected a query (syntax, constraint, access mode...), or kb refused one before sending
    it (a bad header, a missing parameter). ``code`` is Neo4j's status code, such as
    ``Neo.ClientError.Schema.ConstraintValidationFailed``, for callers to tell one failure from
    another without reading the message; None when kb refused the query itself."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class LoadError(KbError):
    """A source cannot be loaded at all (missing file or column, bad encoding): nothing was written."""


class LoadLocked(LoadError):
    """Another load holds the lock: a scheduler should try again later (EX_TEMPFAIL)."""

    exit_code = 75


class RowRejected(LoadError):
    """``--strict``: a bad row makes the whole load fail."""
