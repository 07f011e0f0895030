"""Who may read an internal edition: HTTP Basic against bcrypt hashes, or a bearer token.

A users file holds `name:bcrypt-hash` lines (`cli.py passwd FILE NAME` writes them, mode
0600). Every request needs credentials once auth is configured; the 401 answer says
nothing about the manual. search.web.api.App asks `Auth.allows` on every request.

Guessing is made slow and uninformative:
- an unknown user costs the same bcrypt check as a known one (against a dummy hash), so
  the time of an answer does not tell which names exist;
- passwords are 10 characters to 72 bytes (bcrypt reads no further): `passwd` refuses
  others, and a longer one at sign-in is simply wrong;
- after FAILURES_ALLOWED wrong answers within THROTTLE_SECONDS, a client address and a
  user name each get 429 without a bcrypt check, so guessing cannot eat the CPU that
  signed-in readers need (a reader whose password was already verified still gets in);
- a token is at least MIN_TOKEN characters and comes from a file or the environment,
  never from the command line (where `ps` shows it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from functools import cache
from pathlib import Path

import bcrypt

from indexer.errors import UsersFileError, WeakSecret

MIN_PASSWORD = 10  # characters
MAX_PASSWORD_BYTES = 72  # bcrypt ignores what follows; bcrypt 5 refuses it outright
MIN_TOKEN = 32
FAILURES_ALLOWED = 5
THROTTLE_SECONDS = 60.0


class Throttled(Exception):
    """Too many wrong answers lately from this client or for this user."""


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


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise WeakSecret(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise WeakSecret(f"a password can be at most {MAX_PASSWORD_BYTES} bytes (bcrypt reads no further)")


def check_token(token: str) -> str:
    token = token.strip()
    if len(token) < MIN_TOKEN:
        raise WeakSecret(f"a token needs at least {MIN_TOKEN} characters (try: openssl rand -hex 24)")
    return token


def hash_password(password: str) -> str:
    check_password(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode()


def set_user(path: Path, name: str, password: str) -> None:
    """Add or replace one user's line, keeping the others; the file is readable by its
    owner only, and replaced whole (no half-written file)."""
    if ":" in name or not name.strip() or any(ch in name for ch in "\r\n"):
        raise UsersFileError("a user name cannot be empty or contain ':' or a line break")
    path = Path(path)
    hashed = hash_password(password)
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.partition(":")[0] != name]
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join([*kept, f"{name}:{hashed}"]) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


@cache
def dummy_hash() -> bytes:
    """A hash of nothing anyone knows, with the cost of real ones: checked for unknown users."""
    return bcrypt.hashpw(os.urandom(16).hex().encode(), bcrypt.gensalt())


class Throttle:
    """Wrong answers per key (a client address, a user name) within a sliding window."""

    def __init__(self, allowed: int = FAILURES_ALLOWED, seconds: float = THROTTLE_SECONDS,
                 clock: Callable[[], float] = time.monotonic):  # fmt: skip
        self.allowed = allowed
        self.seconds = seconds
        self.clock = clock
        self.failures: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        now = self.clock()
        with self.lock:
            for key in keys:
                times = self.failures.get(key)
                while times and now - times[0] > self.seconds:
                    times.popleft()
                if times is not None and not times:
                    del self.failures[key]
                elif times is not None and len(times) >= self.allowed:
                    return True
        return False

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self.lock:
            for key in keys:
                self.failures[key].append(now)


class Auth:
    def __init__(self, users: dict[str, bytes] | None = None, token: str | None = None,
                 throttle: Throttle | None = None):  # fmt: skip
        self.users = users or {}
        self.token = check_token(token) if token else None
        self.throttle = throttle or Throttle()
        self._verified: set[bytes] = set()  # bcrypt is slow on purpose: remember successes

    @property
    def enabled(self) -> bool:
        return bool(self.users or self.token)

    def allows(self, header: str, client: str = "") -> bool:
        """Whether the Authorization header signs in; Throttled when this client or user
        has answered wrong too often lately."""
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and self.token:
            if self.throttle.blocked("client:" + client):
                raise Throttled
            if hmac.compare_digest(value.strip().encode(), self.token.encode()):
                return True
            self.throttle.failed("client:" + client)
            return False
        if scheme.lower() == "basic" and self.users:
            return self.basic(value.strip(), client)
        return False

    def basic(self, value: str, client: str) -> bool:
        try:
            name, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        hashed = self.users.get(name)
        secret = password.encode("utf-8")
        key = hashlib.sha256((hashed or b"") + b"\0" + secret).digest()
        if hashed is not None and key in self._verified:
            return True
        keys = ("client:" + client, "user:" + name)
        if self.throttle.blocked(*keys):
            raise Throttled
        if self.verify(secret, hashed):
            self._verified.add(key)
            return True
        self.throttle.failed(*keys)
        return False

    @staticmethod
    def verify(secret: bytes, hashed: bytes | None) -> bool:
        """One bcrypt check whatever the input, so timing tells nothing."""
        fits = len(secret) <= MAX_PASSWORD_BYTES
        checked = bcrypt.checkpw(secret if fits else secret[:MAX_PASSWORD_BYTES], hashed or dummy_hash())
        return checked and fits and hashed is not None


def protect(app: Callable, auth: Auth) -> Callable:
    """The app, requiring sign-in for every request (search.web.api.App checks it)."""
    app.auth = auth if auth.enabled else None  # type: ignore[attr-defined]
    return app
