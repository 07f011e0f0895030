"""Who may read an internal edition: HTTP Basic against bcrypt hashes, or a bearer token.

A users file holds `name:bcrypt-hash` lines (`cli.py passwd FILE NAME` writes them).
Every request needs credentials once auth is configured; the 401 answer says nothing
about the manual.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
from collections.abc import Callable, Iterable
from pathlib import Path

import bcrypt

from indexer.errors import UsersFileError
from search.web.api import SECURITY_HEADERS

REALM = "e-Consular Manual"
UNAUTHORIZED = b"Sign in to read this manual.\n"


def read_users(path: Path) -> dict[str, bytes]:
    users = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersFileError(f"cannot read the users file {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        if not sep or not name or not hashed.startswith("$2"):
            raise UsersFileError(f"{path}:{number}: expected 'name:bcrypt-hash'")
        users[name] = hashed.encode()
    return users


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode()


def set_user(path: Path, name: str, password: str) -> None:
    """Add or replace one user's line, keeping the others."""
    if ":" in name or not name.strip():
        raise UsersFileError("a user name cannot be empty or contain ':'")
    lines = Path(path).read_text("utf-8").splitlines() if Path(path).exists() else []
    kept = [line for line in lines if line.partition(":")[0] != name]
    Path(path).write_text("\n".join([*kept, f"{name}:{hash_password(password)}"]) + "\n", "utf-8")


class Auth:
    def __init__(self, users: dict[str, bytes] | None = None, token: str | None = None):
        self.users = users or {}
        self.token = token
        self._verified: set[bytes] = set()  # bcrypt is slow on purpose: remember successes

    @property
    def enabled(self) -> bool:
        return bool(self.users or self.token)

    def allows(self, header: str) -> bool:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and self.token:
            return hmac.compare_digest(value.strip().encode(), self.token.encode())
        if scheme.lower() == "basic" and self.users:
            return self.basic(value.strip())
        return False

    def basic(self, value: str) -> bool:
        try:
            name, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        hashed = self.users.get(name)
        if hashed is None:
            return False
        key = hashlib.sha256(hashed + b"\0" + password.encode()).digest()
        if key in self._verified:
            return True
        if bcrypt.checkpw(password.encode(), hashed):
            self._verified.add(key)
            return True
        return False


def protect(app: Callable, auth: Auth) -> Callable:
    """WSGI middleware: answer 401 unless the request carries valid credentials."""

    def guarded(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if auth.allows(environ.get("HTTP_AUTHORIZATION", "")):
            return app(environ, start_response)
        start_response("401 Unauthorized", [
            ("Content-Type", "text/plain; charset=utf-8"),
            *SECURITY_HEADERS,
            ("WWW-Authenticate", f'Basic realm="{REALM}", charset="UTF-8"'),
            ("Content-Length", str(len(UNAUTHORIZED))),
        ])  # fmt: skip
        return [UNAUTHORIZED]

    return guarded


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
