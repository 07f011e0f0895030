"""The two write endpoints of the web app, on only when the operator wants them.

    POST /api/feedback   {"procedure", "category", "helpful": true|false|null, "problem": bool, "comment"}
    POST /api/searches   {"query", "total", "match"}

Cross-site forgery: a browser sends a cross-site request with a JSON content type only
after a CORS preflight, which this app never approves; a request must also say it is
same-origin when the browser says where it comes from (Origin, Sec-Fetch-Site). A body
is at most MAX_BODY bytes, and every value is checked before it reaches the database.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from search.web.analytics import MATCHES, MAX_COMMENT_CHARS, MAX_QUERY_CHARS, Analytics

MAX_BODY = 8192  # a comment of MAX_COMMENT_CHARS Thai letters, even \u-escaped
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ENDPOINTS = ("/api/feedback", "/api/searches")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def read_json(environ: dict) -> dict:
    """The request's JSON object, refused unless same-origin, JSON and small."""
    ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise Refused(415, "send application/json")
    host = environ.get("HTTP_HOST", "")
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and origin.split("://", 1)[-1] != host:
        raise Refused(403, "cross-origin requests are refused")
    if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        raise Refused(403, "cross-site requests are refused")
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(400, "bad Content-Length") from None
    if length <= 0 or length > MAX_BODY:
        raise Refused(413, f"the body must be 1 to {MAX_BODY} bytes")
    try:
        data = json.loads(environ["wsgi.input"].read(length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "the body must be a JSON object")
    return data


def text(data: dict, key: str, limit: int, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise Refused(400, f"'{key}' must be text of at most {limit} characters")
    return value


def handle(path: str, environ: dict, analytics: Analytics, site_dir: Path) -> dict:
    data = read_json(environ)
    if path == "/api/searches":
        total = data.get("total", 0)
        if not isinstance(total, int) or isinstance(total, bool) or not 0 <= total <= 1_000_000:
            raise Refused(400, "'total' must be a whole number")
        match = data.get("match", "")
        if match not in MATCHES:
            raise Refused(400, f"'match' must be one of {', '.join(m for m in MATCHES if m)}")
        analytics.record_search(text(data, "query", MAX_QUERY_CHARS, required=True), total, match)
        return {"recorded": True}
    procedure, category = data.get("procedure"), data.get("category")
    slugs = all(isinstance(x, str) and SLUG.match(x) for x in (procedure, category))
    if not slugs or not (site_dir / category / procedure / "index.html").is_file():
        raise Refused(400, "no such procedure")
    helpful = data.get("helpful")
    problem = data.get("problem", False)
    if helpful not in (True, False, None) or problem not in (True, False):
        raise Refused(400, "'helpful' is true, false or null; 'problem' true or false")
    comment = text(data, "comment", MAX_COMMENT_CHARS)
    if helpful is None and not problem and not comment.strip():
        raise Refused(400, "nothing to record")
    analytics.record_feedback(procedure, category, helpful, problem, comment)
    return {"recorded": True}
