"""Sources given as URLs: downloaded with retries, checksummed, kept as raw snapshots for audit.

A download lands in ``KB_HOME/raw/<format>/<UTC time>-<sha256[:12]>-<file name>`` and is loaded
from there, so every load run can be traced to the exact bytes it read. Plain http (asked for, or
reached through a redirect) is refused unless the caller accepts it with ``insecure``: anyone on
the path could alter a sanctions list in transit.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from http.client import HTTPMessage
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from kb import __version__
from kb.errors import LoadError, UsageError
from kb.paths import kb_home

RETRIES = 4


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


def raw_dir(fmt: str) -> Path:
    return kb_home() / "raw" / fmt


def fetch(
    url: str,
    fmt: str,
    retries: int = RETRIES,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
    insecure: bool = False,
) -> Path:
    """Download ``url`` and return the kept raw snapshot; plain http only if ``insecure``."""
    if not insecure:
        refuse_unencrypted(url)
    name = Path(urlsplit(url).path).name or "download"
    target_dir = raw_dir(fmt)
    target_dir.mkdir(parents=True, exist_ok=True)
    last_problem = ""
    for attempt in range(1, retries + 1):
        try:
            return _download(url, name, target_dir, insecure)
        except urllib.error.HTTPError as exc:
            last_problem = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500 and exc.code != 429:  # the server's final answer
                break
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last_problem = str(getattr(exc, "reason", exc))
        if attempt < retries:
            sleep(backoff * 2 ** (attempt - 1))
    raise LoadError(f"{safe_url(url)}: download failed after {attempt} attempt(s): {last_problem}")


def refuse_unencrypted(url: str, redirected_from: str | None = None) -> None:
    scheme = urlsplit(url).scheme
    if scheme != "https":
        via = f" (redirected from {safe_url(redirected_from)})" if redirected_from else ""
        raise UsageError(
            f"{safe_url(url)}{via}: refusing a plain {scheme} download (unencrypted, it can be altered "
            "on the way): use https, or pass --insecure to accept it"
        )


class _NoDowngrade(urllib.request.HTTPRedirectHandler):
    """Follows redirects, except to an unencrypted URL (https to http, or to ftp)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        refuse_unencrypted(newurl, redirected_from=req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str, name: str, target_dir: Path, insecure: bool) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": f"kb/{__version__}"})  # noqa: S310 - http(s) only
    digest = hashlib.sha256()
    opener = urllib.request.build_opener() if insecure else urllib.request.build_opener(_NoDowngrade)
    with opener.open(request, timeout=60) as response:
        fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".download-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in iter(lambda: response.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
            stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
            final = target_dir / f"{stamp}-{digest.hexdigest()[:12]}-{name}"
            shutil.move(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return final


def safe_url(url: str) -> str:
    """The URL without user information or query string (which may hold credentials)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return f"{parts.scheme}://{netloc}{parts.path}"
