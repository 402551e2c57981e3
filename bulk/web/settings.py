"""How the portal is configured (``rtm web`` options) and where it keeps uploads.

Uploads live in one private folder (mode 0700, owned by the user running the portal). The
default is ``rtm-web-<uid>`` in the system temporary folder and does not change between runs,
so a restarted portal finds the uploads (and their import journals) of the run before.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bulk.web.login import Logins
from bulk.workbook.limits import MB, Limits

DEFAULT_MAX_UPLOAD_BYTES = 100 * MB
DEFAULT_KEEP_SECONDS = 24 * 3600.0


class PortalSetupError(Exception):
    """The portal cannot start as configured; the message is one line for the partner."""


@dataclass(frozen=True, slots=True)
class PortalSettings:
    """Everything the portal needs to run. ``token`` is secret: it is sent to the target API
    and never rendered, logged or written to a file."""

    work_dir: Path
    host: str = "127.0.0.1"
    port: int = 8090
    target_url: str | None = None
    token: str | None = field(default=None, repr=False)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    keep_seconds: float = DEFAULT_KEEP_SECONDS
    partner_file: Path | None = None
    provisioning_id: str | None = None
    """``--provisioning-id``; else the partner file's ``provisioning_id``."""
    pricebook_file: Path | None = None
    limits: Limits = field(default_factory=Limits)
    default_as_of: dt.date | None = None
    concurrency: int = 8
    max_checks: int = 4
    logins: Logins | None = field(default=None, repr=False)

    @property
    def uploads_dir(self) -> Path:
        """Where each upload gets its own randomly named folder."""
        return self.work_dir / "uploads"

    @property
    def loopback(self) -> bool:
        """Whether the portal listens on the loopback interface only."""
        return is_loopback(self.host)

    @property
    def can_import(self) -> bool:
        """Whether a target API and a token were given."""
        return bool(self.target_url and self.token)

    def as_of_default(self) -> dt.date:
        """The submission date offered on the upload form (today unless configured)."""
        return self.default_as_of or dt.date.today()


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1`` and ``localhost`` are loopback; anything else is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_work_dir() -> Path:
    """``<system temp>/rtm-web-<uid>``: private to the user, stable across restarts."""
    return Path(tempfile.gettempdir()) / f"rtm-web-{os.getuid()}"


def private_folder(path: Path) -> Path:
    """Create ``path`` (mode 0700) or check that an existing one is a private folder of ours:
    a folder someone else owns, or one that others may read or write, is refused."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = path.lstat()
    except OSError as error:
        raise PortalSetupError(f"cannot create the upload folder {path}: {error}") from None
    if not stat.S_ISDIR(found.st_mode):
        raise PortalSetupError(f"{path} is not a folder (a link or a file is in the way)")
    if found.st_uid != os.getuid():
        raise PortalSetupError(f"{path} belongs to another user; choose another --work-dir")
    if found.st_mode & 0o077:
        try:
            path.chmod(0o700)
        except OSError as error:
            raise PortalSetupError(f"cannot make {path} private (mode 0700): {error}") from None
    return path


def stored_secret(path: Path) -> bytes:
    """32 random bytes kept in ``path`` (mode 0600, created once), so tokens and sessions
    stay valid when the portal restarts."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    value = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as sink:
        sink.write(value)
    return value
