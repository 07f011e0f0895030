"""The HTTP side: the built site's files and the search API, as one WSGI application.

    GET /api/search?q=&limit=&category=&tag=&lang=   the same object as `search --json`
    GET /api/health                                  document count, build time, feedback on?
    GET /api/watch, /_ecm/watch.js                   `serve --watch` only: build generation and
                                                     errors, and the page's reload script
    POST /api/feedback, /api/searches                feedback and search analytics (feedback.py),
    GET /api/report                                  and the editors' page of both (internal edition)
    GET /<anything else>                             a file of the built site, never outside it

Each server thread keeps its own engine and moves it to a newer index generation when
one is published, so `index` can run while the API answers.

The edition is a property of what is served, checked here and not by whoever starts
the app (so a WSGI deployment cannot skip it): on every request the app looks at the
site folder's edition marker and the index generation `current` names, and re-reads
both whenever either changed. A site and an index of different editions get 503 for
everything. An internal edition is answered only to a signed-in reader (see
search.web.auth) or to a request from this machine: loopback address, no proxy
headers, and a `Host` of localhost, 127.0.0.1 or [::1] with the server's port (a DNS
rebinding page names its own host).
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote

from indexer.errors import EcmError, UnknownFilterValue
from indexer.index import store
from indexer.site.marker import EDITION_FILE, INTERNAL, PUBLIC, site_edition
from indexer.site.watch_page import SCRIPT_URL, STATE_URL, WATCH_SCRIPT, WatchState, decorate
from search.engine import MAX_LIMIT, SearchEngine
from search.query import MAX_QUERY_CHARS
from search.web.analytics import Analytics, by_owner
from search.web.auth import THROTTLE_SECONDS, Auth, Throttled
from search.web.feedback import ENDPOINTS, Refused, handle
from search.web.report_page import report_html

CSP = (
    "default-src 'self'; script-src 'self'{hashes}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP.format(hashes="")),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
StartResponse = Callable[[str, list[tuple[str, str]]], object]


SIGNED_IN = "ecm.signed_in"  # set in the WSGI environ by search.web.auth once credentials check out
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
LOCAL_ONLY = "the internal edition is served only to this machine (http://127.0.0.1) or after sign-in"


@dataclass(frozen=True)
class Served:
    """The editions of the site folder and of the index generation being served."""

    key: tuple  # what they were read from: the generation and the marker file's identity
    edition: str  # INTERNAL when either is internal
    mismatch: str = ""  # why they cannot be served together, or ""


class App:
    """`analytics`: where feedback and searches go, or None when they are switched off;
    `manual_dir`: the manual, for the report page's owners and titles; `auth`: sign-in
    required for every request (search.web.auth), or None."""

    def __init__(self, site_dir: Path, index_dir: Path, analytics: Analytics | None = None,
                 manual_dir: Path | None = None, auth: Auth | None = None,
                 watch: WatchState | None = None):  # fmt: skip
        self.watch = watch  # `serve --watch`: pages get the error banner and the reload script
        self.site_dir = Path(site_dir)
        self.index_dir = Path(index_dir)
        self.analytics = analytics
        self.manual_dir = manual_dir
        self.auth = auth if auth is not None and auth.enabled else None
        self.local = threading.local()
        self._csp: tuple[float, str] = (-1.0, SECURITY_HEADERS[0][1])
        self._served: Served | None = None

    def served(self) -> Served:
        """Re-read on every generation switch or new site build, else the last answer."""
        generation = store.current_generation(self.index_dir)
        try:
            marker = (self.site_dir / EDITION_FILE).stat()
            stamp: tuple = (marker.st_ino, marker.st_mtime_ns)
        except OSError:
            stamp = ()
        key = (generation, stamp)
        known = self._served
        if known is not None and known.key == key:
            return known
        site = site_edition(self.site_dir)
        index = None
        if generation is not None:
            try:
                index = PUBLIC if store.Manifest.read(generation).public_only else INTERNAL
            except (OSError, ValueError, TypeError, KeyError):
                index = INTERNAL  # unreadable: guard it as the stricter edition
        mismatch = ""
        if index is not None and index != site:
            mismatch = (
                f"the site folder holds the {site} edition and the index the {index} one: "
                "build both with one `cli.py build`"
            )
        edition = INTERNAL if INTERNAL in (site, index) else PUBLIC
        self._served = Served(key, edition, mismatch)
        return self._served

    def refusal(self, environ: dict) -> tuple[int, str] | None:
        """Why this request gets no answer (status, message), or None."""
        served = self.served()
        if served.mismatch:
            return 503, served.mismatch
        if served.edition == INTERNAL and not environ.get(SIGNED_IN) and not is_local_request(environ):
            return 403, LOCAL_ONLY
        return None

    def csp(self) -> str:
        """The policy, allowing the theme's own inline scripts by hash (re-read per build)."""
        from indexer.site.csp import HASHES_FILE, read_hashes

        path = self.site_dir / HASHES_FILE
        stamp = path.stat().st_mtime if path.is_file() else 0.0
        if stamp != self._csp[0]:
            hashes = "".join(" " + h for h in read_hashes(self.site_dir))
            self._csp = (stamp, CSP.format(hashes=hashes))
        return self._csp[1]

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if self.auth is not None:
            try:
                signed_in = self.auth.allows(environ.get("HTTP_AUTHORIZATION", ""), client(environ))
            except Throttled:
                body = json_body({"error": "too many wrong sign-ins: wait a minute"})
                return respond(start_response, 429, body, extra=[("Retry-After", str(int(THROTTLE_SECONDS)))])
            if not signed_in:
                return unauthorized(start_response)
            environ[SIGNED_IN] = True
        refused = self.refusal(environ)
        if refused is not None:
            status, message = refused
            return respond(start_response, status, json_body({"error": message}))
        method = environ.get("REQUEST_METHOD", "GET")
        path = request_path(environ)
        if path is None:
            return respond(start_response, 400, json_body({"error": "the path is not UTF-8"}))
        if method == "POST" and path in ENDPOINTS and self.analytics is not None:
            return self.record(path, environ, start_response)
        if method not in ("GET", "HEAD"):
            return respond(start_response, 405, json_body({"error": "only GET is supported"}))
        if path == "/api/report":
            return self.report(start_response)
        if path == "/api/search":
            status, body = self.search(parse_qs(environ.get("QUERY_STRING", "")))
            return respond(start_response, status, json_body(body), "application/json")
        if self.watch is not None and path in (STATE_URL, SCRIPT_URL):
            return self.preview(path, start_response)
        if path == "/api/health":
            status, body = self.health()
            return respond(start_response, status, json_body(body), "application/json")
        return self.static(path, start_response, head=method == "HEAD")

    # --- API ------------------------------------------------------------------------

    def engine(self) -> SearchEngine:
        engine = getattr(self.local, "engine", None)
        if engine is None:
            engine = self.local.engine = SearchEngine(self.index_dir, whole_words=True)
        else:
            engine.refresh()
        return engine

    def search(self, params: dict[str, list[str]]) -> tuple[int, dict]:
        query = first(params, "q")
        if query is None:
            return 400, {"error": "the q parameter is required"}
        if len(query) > MAX_QUERY_CHARS * 4:
            return 400, {"error": f"the query is longer than {MAX_QUERY_CHARS} characters"}
        try:
            limit = int(first(params, "limit") or 10)
        except ValueError:
            return 400, {"error": "limit must be a whole number"}
        limit = max(1, min(limit, MAX_LIMIT))
        filters = {k: first(params, k) or None for k in ("category", "tag", "lang")}
        try:
            engine = self.engine()
            mismatch = self.engine_mismatch(engine)
            if mismatch:
                return 503, {"error": mismatch}
            response = engine.search(query, limit=limit, **filters)
        except UnknownFilterValue as exc:
            return 400, {"error": str(exc)}
        except EcmError as exc:  # no index yet, a stale one, a word list gone
            return 503, {"error": str(exc)}
        return 200, response.to_dict()

    def engine_mismatch(self, engine: SearchEngine) -> str:
        """The generation this thread's engine opened may be newer than the one checked."""
        served = self.served()
        opened = PUBLIC if engine.manifest.public_only else INTERNAL
        if served.mismatch or (served.edition == PUBLIC and opened == INTERNAL):
            return served.mismatch or "the index changed edition under the site: build both again"
        return ""

    def health(self) -> tuple[int, dict]:
        try:
            engine = self.engine()
        except EcmError as exc:  # no index yet, a stale one, a word list gone
            return 503, {"status": "no index", "error": str(exc)}
        mismatch = self.engine_mismatch(engine)
        if mismatch:
            return 503, {"status": "edition mismatch", "error": mismatch}
        manifest = engine.manifest
        return 200, {
            "status": "ok",
            "documents": manifest.doc_count,
            "built_at": manifest.built_at,
            "public_only": manifest.public_only,
            "feedback": self.analytics is not None,
        }

    # --- feedback and search analytics ---------------------------------------------

    def record(self, path: str, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        assert self.analytics is not None
        try:
            body = handle(path, environ, self.analytics, self.site_dir)
        except Refused as exc:
            return respond(start_response, exc.status, json_body({"error": str(exc)}))
        return respond(start_response, 200, json_body(body))

    def report(self, start_response: StartResponse) -> Iterable[bytes]:
        """The editors' page; in the public edition, or with feedback off, there is none."""
        try:
            public = self.engine().manifest.public_only
        except EcmError:
            public = True
        if self.analytics is None or public:
            return self.not_found(start_response)
        owners, titles = self.owners_and_titles()
        html = report_html(self.analytics.searches(), by_owner(self.analytics.feedback(), owners, titles),
                           date.today())  # fmt: skip
        return respond(start_response, 200, html.encode("utf-8"), "text/html; charset=utf-8",
                       [("Cache-Control", "no-store")])  # fmt: skip

    def owners_and_titles(self) -> tuple[dict[str, str], dict[str, str]]:
        if self.manual_dir is None:
            return {}, {}
        from indexer.manual.loader import load_manual

        procedures = load_manual(self.manual_dir).procedures
        return {p.id: p.owner for p in procedures if p.owner}, {p.id: p.title for p in procedures}

    # --- serve --watch ----------------------------------------------------------------

    def preview(self, path: str, start_response: StartResponse) -> Iterable[bytes]:
        """The preview's state (generation, errors) and its reload script."""
        assert self.watch is not None
        if path == STATE_URL:
            return respond(start_response, 200, json_body(self.watch.to_dict()), "application/json")
        body = WATCH_SCRIPT.read_bytes()
        return respond(start_response, 200, body, "application/javascript; charset=utf-8",
                       [("Cache-Control", "no-store")])  # fmt: skip

    def watched(self, body: bytes, path: str, found: bool = True) -> bytes:
        return body if self.watch is None else decorate(body, self.watch, path, found)

    # --- files ----------------------------------------------------------------------

    def static(self, path: str, start_response: StartResponse, head: bool) -> Iterable[bytes]:
        target = resolve(self.site_dir, path)
        if target is None:
            return self.not_found(start_response, path)
        if target.is_dir():
            if not path.endswith("/"):
                location = quote(path + "/")
                return respond(start_response, 301, b"", extra=[("Location", location)])
            target = target / "index.html"
        if not target.is_file():
            return self.not_found(start_response, path)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        if ctype.startswith("text/html") and self.watch is not None:
            page = self.watched(target.read_bytes(), path)  # a preview's page: made per request
            extra = [("Content-Length", str(len(page))), ("Cache-Control", "no-store")]
            body = b"" if head else page
        else:
            body = b"" if head else target.read_bytes()
            extra = [("Content-Length", str(target.stat().st_size))]
        if ctype.startswith("text/html"):
            extra.append(("Content-Security-Policy", self.csp()))
        return respond(start_response, 200, body, ctype, extra)

    def not_found(self, start_response: StartResponse, path: str = "") -> Iterable[bytes]:
        page = self.site_dir / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        body = self.watched(body, path, found=False)
        # the 404 page is a page of the site: its theme scripts run under the same policy
        return respond(start_response, 404, body, "text/html; charset=utf-8",
                       [("Content-Security-Policy", self.csp())])  # fmt: skip


def request_path(environ: dict) -> str | None:
    """PATH_INFO as text. PEP 3333 hands the raw bytes over as Latin-1 characters; the
    site's URLs are UTF-8 (Thai tag pages), so turn them back into bytes and decode."""
    raw = environ.get("PATH_INFO", "/") or "/"
    try:
        data = raw.encode("latin-1")
    except UnicodeEncodeError:  # a server that already decoded it
        return raw
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under `root` that `url_path` names, or None if it would leave `root`."""
    if "\x00" in url_path or "\\" in url_path:
        return None
    parts = [p for p in url_path.split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") for p in parts):
        return None
    base = os.path.realpath(root)
    target = os.path.realpath(os.path.join(base, *parts))
    if target != base and not target.startswith(base + os.sep):
        return None
    return Path(target)


def is_local_request(environ: dict) -> bool:
    """A request from this machine to this machine by its own name (not DNS rebinding)."""
    if not is_loopback(environ.get("REMOTE_ADDR", "")):
        return False
    if any(environ.get(h) for h in PROXY_HEADERS):
        return False  # relayed by a proxy on this machine for someone else
    host, port = split_host(environ.get("HTTP_HOST", ""))
    if host not in LOCAL_HOSTS:
        return False
    return port == str(environ.get("SERVER_PORT", "")) or (port == "" and environ.get("SERVER_PORT") == "80")


def split_host(header: str) -> tuple[str, str]:
    """`Host: 127.0.0.1:8000` -> ("127.0.0.1", "8000"); `[::1]:8000` -> ("[::1]", "8000")."""
    header = header.strip().lower()
    if header.startswith("["):
        host, _, rest = header.partition("]")
        return host + "]", rest[1:] if rest.startswith(":") else ""
    host, _, port = header.partition(":")
    return host, port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def client(environ: dict) -> str:
    return environ.get("REMOTE_ADDR", "")


def unauthorized(start_response: StartResponse) -> list[bytes]:
    start_response("401 Unauthorized", [
        ("Content-Type", "text/plain; charset=utf-8"),
        *SECURITY_HEADERS,
        ("WWW-Authenticate", f'Basic realm="{REALM}", charset="UTF-8"'),
        ("Content-Length", str(len(UNAUTHORIZED))),
    ])  # fmt: skip
    return [UNAUTHORIZED]


def first(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None


def json_body(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


REASONS = {200: "OK", 301: "Moved Permanently", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
           415: "Unsupported Media Type", 429: "Too Many Requests", 503: "Service Unavailable"}  # fmt: skip
REALM = "e-Consular Manual"
UNAUTHORIZED = b"Sign in to read this manual.\n"


def respond(
    start_response: StartResponse,
    status: int,
    body: bytes,
    ctype: str = "application/json",
    extra: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    extra = extra or []
    overridden = {name for name, _ in extra}
    headers = [("Content-Type", ctype), *(h for h in SECURITY_HEADERS if h[0] not in overridden), *extra]
    if not any(k == "Content-Length" for k, _ in headers):
        headers.append(("Content-Length", str(len(body))))
    if ctype.startswith("application/json"):
        headers.append(("Cache-Control", "no-store"))
    start_response(f"{status} {REASONS.get(status, '')}".strip(), headers)
    return [body]


# Waitress' defaults let 100 idle sockets, each kept for two minutes, lock every reader
# out. A consulate's officers are tens of browsers, each opening a few connections: a
# thousand connections at once is ample headroom, and a connection idle for 20 seconds
# (no request, or a request sent byte by byte) is closed, checked every 5 seconds.
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 20
CLEANUP_INTERVAL = 5
MAX_REQUEST_HEADER_BYTES = 64 * 1024
MAX_REQUEST_BODY_BYTES = 64 * 1024  # a feedback form is a few hundred bytes


def serve(site_dir: Path, index_dir: Path, host: str, port: int, auth=None, threads: int = 8,
          feedback: bool = False, manual_dir: Path | None = None,
          watch: WatchState | None = None) -> None:  # fmt: skip
    """Serve with waitress; with an enabled `search.web.auth.Auth`, every request must sign in.
    With `feedback`, answers and searches go into the SQLite file beside the index."""
    from waitress import serve as waitress_serve

    from search.web.analytics import analytics_path

    analytics = Analytics(analytics_path(index_dir)) if feedback else None
    app = App(site_dir, index_dir, analytics, manual_dir, auth=auth, watch=watch)
    waitress_serve(app, **server_settings(host, port, threads))


def server_settings(host: str, port: int, threads: int = 8) -> dict:
    return {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": "e-consular",
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT,
        "cleanup_interval": CLEANUP_INTERVAL,
        "max_request_header_size": MAX_REQUEST_HEADER_BYTES,
        "max_request_body_size": MAX_REQUEST_BODY_BYTES,
    }
