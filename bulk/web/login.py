"""Who may use a portal served beyond loopback: users with argon2 password hashes, a throttle
on failed logins, and the audit lines that name the user behind each upload and import.

A login is configured by ``RTM_WEB_PASSWORD_HASH`` (one user, named by ``RTM_WEB_USER``,
default ``partner``), by ``--password-hash-file`` (a file holding that hash) or by
``--users-file`` (lines ``name:hash``; ``#`` starts a comment). Hashes are argon2 (make one with
``python -m bulk.web.login``). Sessions are Starlette's signed cookies (itsdangerous); see
:func:`bulk.web.app.create_app`. On loopback no login is needed and the user is ``local``.
"""

from __future__ import annotations

import getpass
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "AUDIT_LOG",
    "LOCAL_USER",
    "LoginSetupError",
    "LoginThrottle",
    "Logins",
    "audit_line",
    "load_logins",
    "record_audit",
]

LOCAL_USER = "local"
DEFAULT_USER = "partner"
_HASHER = PasswordHasher()
# Checking an unknown user costs what checking a known one does (no timing hint).
_DUMMY = _HASHER.hash("not a password anyone has")


class LoginSetupError(Exception):
    """The login configuration cannot be used; the message is one line naming the source."""


@dataclass(frozen=True, slots=True)
class Logins:
    """The users who may log in, by name, with their argon2 hashes."""

    users: Mapping[str, str] = field(repr=False)

    def verify(self, name: str, password: str) -> bool:
        """Whether ``password`` is ``name``'s."""
        stored = self.users.get(name)
        try:
            return _HASHER.verify(stored or _DUMMY, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False


def _checked(hash_text: str, where: str) -> str:
    text = hash_text.strip()
    if not text.startswith("$argon2"):
        raise LoginSetupError(
            f"{where}: not an argon2 hash (make one with python -m bulk.web.login)"
        )
    return text


def _users_file(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise LoginSetupError(f"cannot read the users file {path}: {error.strerror}") from None
    users: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip() if not line.lstrip().startswith("$") else line
        if not text:
            continue
        name, sep, hashed = text.partition(":")
        if not sep or not name.strip():
            raise LoginSetupError(f"{path} line {number}: expected name:argon2-hash")
        users[name.strip()] = _checked(hashed, f"{path} line {number}")
    if not users:
        raise LoginSetupError(f"{path} names no user")
    return users


def load_logins(
    env: Mapping[str, str], password_hash_file: Path | None, users_file: Path | None
) -> Logins | None:
    """The configured login, or ``None`` when none is configured."""
    if users_file is not None:
        return Logins(_users_file(users_file))
    user = env.get("RTM_WEB_USER", DEFAULT_USER).strip() or DEFAULT_USER
    if password_hash_file is not None:
        try:
            text = password_hash_file.read_text(encoding="utf-8")
        except OSError as error:
            raise LoginSetupError(
                f"cannot read the password hash file {password_hash_file}: {error.strerror}"
            ) from None
        return Logins({user: _checked(text, str(password_hash_file))})
    if env.get("RTM_WEB_PASSWORD_HASH"):
        return Logins({user: _checked(env["RTM_WEB_PASSWORD_HASH"], "RTM_WEB_PASSWORD_HASH")})
    return None


class LoginThrottle:
    """At most ``limit`` failed logins per client in ``window`` seconds; then refusals until
    the oldest failure ages out."""

    def __init__(
        self, limit: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        now = self._clock()
        found = self._failures.setdefault(client, deque())
        while found and now - found[0] > self.window:
            found.popleft()
        return found

    def wait_seconds(self, client: str) -> float:
        """How long ``client`` must wait before trying again (0 when it may try now)."""
        with self._lock:
            found = self._recent(client)
            if len(found) < self.limit:
                return 0.0
            return max(0.0, self.window - (self._clock() - found[0]))

    def failed(self, client: str) -> None:
        """Record a failed attempt."""
        with self._lock:
            self._recent(client).append(self._clock())

    def succeeded(self, client: str) -> None:
        """Forget the client's failures."""
        with self._lock:
            self._failures.pop(client, None)


def audit_line(user: str, action: str, **facts: object) -> str:
    """``2026-12-03T09:14:05Z audit user=anna action=import upload=… name="sample.xlsx"``."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = " ".join(f"{k}={_quoted(v)}" for k, v in facts.items())
    return f"{stamp} audit user={_quoted(user)} action={action} {shown}".rstrip()


AUDIT_LOG = "audit.log"


def record_audit(work_dir: Path, user: str, action: str, **facts: object) -> None:
    """Append one audit line to ``audit.log`` in the portal's work folder and to stderr."""
    line = audit_line(user, action, **facts)
    with (work_dir / AUDIT_LOG).open("a", encoding="utf-8") as log:
        log.write(line + "\n")
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _quoted(value: object) -> str:
    text = str(value).replace("\n", " ")
    return text if text and all(c.isalnum() or c in "-_.:/@" for c in text) else repr(text)


def main() -> None:
    """Print the argon2 hash of a password typed at the prompt (for RTM_WEB_PASSWORD_HASH)."""
    password = getpass.getpass("Password for the portal login: ")
    if len(password) < 12:
        sys.exit("error: use at least 12 characters")
    print(_HASHER.hash(password))


if __name__ == "__main__":
    main()
