"""Download from publishers' web APIs, with an on-disk cache.

Nothing in impactlib downloads on its own: every download is an explicit
call (``download_population``, ``sotkanet.download_data`` …) that goes
through :func:`fetch`. A response is saved in the cache folder and reused
by later calls with the same URL and request body, so an analysis re-runs
offline and gives the same numbers until the user asks for fresh data with
``refresh=True``.

The cache folder is ``~/.cache/impactlib`` unless the environment variable
``IMPACTLIB_CACHE`` or the ``cache_dir`` argument names another. Each entry
is two files named by the SHA-256 of the request: ``<key>.body`` (the bytes
as received) and ``<key>.json`` (URL, request body, date accessed, SHA-256 of
the body: the provenance of the download). Both are written atomically
(temporary file + rename), so an interrupted download never leaves a
half-written entry.

Only the Python standard library is used (:mod:`urllib.request`).

Examples
--------
>>> import tempfile
>>> key = request_key("https://sotkanet.fi/rest/1.1/regions")
>>> len(key)
64
>>> default_cache_dir({"IMPACTLIB_CACHE": "/srv/impactlib-cache"}).as_posix()
'/srv/impactlib-cache'
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from .._io import write_bytes, write_text

__all__ = [
    "CACHE_ENV",
    "DownloadError",
    "default_cache_dir",
    "request_key",
    "cache_entry",
    "fetch",
]

#: Environment variable naming the cache folder.
CACHE_ENV = "IMPACTLIB_CACHE"

#: The function that opens a request. Tests replace it to serve recorded responses.
_urlopen = urllib.request.urlopen

_USER_AGENT = "impactlib (https://github.com/impactlib/impactlib; open-data research library)"


class DownloadError(ConnectionError):
    """A download failed: the network is unreachable or the server said no.

    The message says what was asked, what went wrong and what to do, in
    English and Finnish.
    """


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The cache folder: ``$IMPACTLIB_CACHE`` if set, else ``~/.cache/impactlib``.

    Parameters
    ----------
    environ : mapping, optional
        Environment to read (default :data:`os.environ`).

    Examples
    --------
    >>> default_cache_dir({}).name
    'impactlib'
    """
    env = os.environ if environ is None else environ
    value = env.get(CACHE_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    return Path("~/.cache/impactlib").expanduser()


def _body_bytes(data) -> bytes | None:
    """Encode a request body: dict/list → JSON (UTF-8), str → UTF-8, bytes as is."""
    if data is None:
        return None
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, Mapping | list):
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    raise ValueError(
        f"request body must be a dict, list, str or bytes, got {type(data).__name__} / "
        f"pyynnön sisällön pitää olla dict, list, str tai bytes"
    )


def request_key(url: str, data=None) -> str:
    """SHA-256 naming a request in the cache (method, URL and body).

    Examples
    --------
    >>> request_key("https://x.fi/a") == request_key("https://x.fi/a", None)
    True
    >>> request_key("https://x.fi/a") == request_key("https://x.fi/a", {"q": 1})
    False
    """
    body = _body_bytes(data)
    h = hashlib.sha256()
    h.update(b"POST\n" if body is not None else b"GET\n")
    h.update(url.encode("utf-8") + b"\n")
    if body is not None:
        h.update(body)
    return h.hexdigest()


def cache_entry(url: str, data=None, *, cache_dir: str | Path | None = None) -> dict | None:
    """The provenance record of a cached response, or ``None`` if not cached.

    Returns
    -------
    dict or None
        Keys ``url``, ``method``, ``body`` (the request body as text, or
        ``None``), ``accessed`` (ISO 8601 date and time, UTC), ``sha256``
        (of the response body), ``bytes`` and ``path`` (of the cached body).
    """
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = request_key(url, data)
    meta, body = folder / f"{key}.json", folder / f"{key}.body"
    if not (meta.exists() and body.exists()):
        return None
    record = json.loads(meta.read_text(encoding="utf-8"))
    record["path"] = str(body)
    return record


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"not a web address: {url!r}; expected one starting with https:// / "
            f"ei verkko-osoite: {url!r}; odotettiin osoitetta, joka alkaa https://"
        )


def fetch(
    url: str,
    *,
    data=None,
    cache_dir: str | Path | None = None,
    refresh: bool = False,
    timeout: float = 60.0,
) -> bytes:
    """Download ``url`` (GET, or POST when ``data`` is given), using the cache.

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` address.
    data : dict, list, str or bytes, optional
        Request body. A dict or list is sent as JSON (``Content-Type:
        application/json``), as PxWeb queries are; then the request is a POST.
    cache_dir : str or Path, optional
        Cache folder (default :func:`default_cache_dir`).
    refresh : bool, default False
        Download again even if the response is cached, and replace the entry.
    timeout : float, default 60
        Seconds to wait for the server.

    Returns
    -------
    bytes
        The response body, exactly as the server sent it.

    Raises
    ------
    DownloadError
        When the network or the server cannot be reached, or the server
        answers with an HTTP error (the status and the start of its message
        are in the error).
    ValueError
        When ``url`` is not a web address.

    Notes
    -----
    Uses :func:`urllib.request.urlopen` from the standard library; nothing is
    retried automatically. A failed download leaves the cache as it was.

    Examples
    --------
    Served from the cache (a folder written here by hand), so no network is
    used:

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> url = "https://sotkanet.fi/rest/1.1/regions"
    >>> _ = (d / f"{request_key(url)}.body").write_bytes(b"[]")
    >>> _ = (d / f"{request_key(url)}.json").write_text("{}")
    >>> fetch(url, cache_dir=d)
    b'[]'
    """
    _check_url(url)
    body = _body_bytes(data)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = request_key(url, data)
    body_path, meta_path = folder / f"{key}.body", folder / f"{key}.json"
    if not refresh and body_path.exists() and meta_path.exists():
        return body_path.read_bytes()

    headers = {"User-Agent": _USER_AGENT, "Accept": "application/json, */*"}
    if body is not None:
        headers["Content-Type"] = "application/json; charset=utf-8"
    req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    host = urllib.parse.urlsplit(url).netloc
    try:
        with _urlopen(req, timeout=timeout) as resp:
            content = resp.read()
    except urllib.error.HTTPError as exc:
        try:
            detail = exc.read()[:300].decode("utf-8", "replace").strip()
        except Exception:  # pragma: no cover - the error body is optional
            detail = ""
        raise DownloadError(
            f"{host} answered HTTP {exc.code} {exc.reason} for {url}"
            + (f": {detail}" if detail else "")
            + " — check the address and the query (a PxWeb table refuses queries of too many "
            "cells). / Palvelin vastasi virheellä; tarkista osoite ja kysely."
        ) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"cannot reach {host} ({reason}). Check the network connection, or use the data "
            f"already cached in {folder} (call without refresh=True). / "
            f"Palvelimeen {host} ei saada yhteyttä. Tarkista verkkoyhteys tai käytä "
            f"välimuistiin tallennettua aineistoa."
        ) from exc

    record = {
        "url": url,
        "method": "POST" if body is not None else "GET",
        "body": body.decode("utf-8", "replace") if body is not None else None,
        "accessed": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "sha256": hashlib.sha256(content).hexdigest(),
        "bytes": len(content),
    }
    folder.mkdir(parents=True, exist_ok=True)
    write_bytes(body_path, content)
    write_text(meta_path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return content


def json_source(source, what: str):
    """Parse JSON given as a path, bytes, or already-parsed dict/list.

    Returns ``(obj, label)`` where ``label`` names the input in error messages.
    """
    if isinstance(source, Mapping | list):
        return source, f"the {what} object"
    if isinstance(source, bytes | bytearray):
        label = f"the downloaded {what} response"
        raw = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        label = str(path.name)
        if not path.exists():
            raise ValueError(
                f"{path}: no such file; expected a {what} JSON file / tiedostoa ei löydy"
            )
        raw = path.read_bytes()
    else:
        raise ValueError(
            f"expected a file path, bytes or a parsed JSON object for {what}, got "
            f"{type(source).__name__}"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return json.loads(raw.decode("utf-8")), label
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(
            f"{label}: not valid JSON ({exc}); expected a {what} response / "
            f"ei kelvollista JSON-muotoa"
        ) from exc
