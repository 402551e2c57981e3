"""The uploads: one randomly named private folder each, described by ``upload.json``.

Nothing the partner sends is ever used as a path: an upload is found by its random id (checked
against :data:`ID_PATTERN` before any file is touched), and the file name the browser gave is
kept only as text to show (:func:`display_name`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from bulk.importer import default_journal_path, default_result_path
from bulk.web.layout import DESCRIPTION, RESULTS, WORKBOOK

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")
MAX_NAME = 120


def display_name(raw: str) -> str:
    """The browser's file name reduced to something safe to show: the last path component,
    without control characters, at most :data:`MAX_NAME` characters."""
    name = re.split(r"[\\/]", raw)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:MAX_NAME] or "workbook.xlsx"


@dataclass(frozen=True, slots=True)
class UploadInfo:
    """What is remembered about an upload besides its files."""

    id: str
    name: str
    size: int
    created: float
    as_of: str

    @property
    def as_of_date(self) -> dt.date:
        """The submission date the workbook is checked against."""
        return dt.date.fromisoformat(self.as_of)


@dataclass(frozen=True, slots=True)
class Upload:
    """An upload's folder and the paths of everything kept in it."""

    info: UploadInfo
    folder: Path

    @property
    def id(self) -> str:
        """The random id."""
        return self.info.id

    @property
    def workbook(self) -> Path:
        """The stored workbook."""
        return self.folder / WORKBOOK

    @property
    def results(self) -> Path:
        """The SQLite file with the validation results (issues, grid, counts)."""
        return self.folder / RESULTS

    @property
    def journal(self) -> Path:
        """The import journal: where ``rtm import`` would put it for this workbook."""
        return default_journal_path(self.workbook)

    @property
    def result_workbook(self) -> Path:
        """The result workbook of the last import (``rtm import``'s default name)."""
        return default_result_path(self.workbook)

    def file(self, name: str) -> Path:
        """A file of the upload by its fixed name (names come from the code, never a user)."""
        return self.folder / name


class UploadStore:
    """Creates, finds, lists and expires uploads under ``root``."""

    def __init__(
        self, root: Path, keep_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.root = root
        self.keep_seconds = keep_seconds
        self.clock = clock  # epoch seconds; tests move it instead of waiting the keep time
        root.mkdir(mode=0o700, exist_ok=True)
        root.chmod(0o700)

    def new_folder(self) -> tuple[str, Path]:
        """A fresh random id and its (empty, 0700) folder."""
        while True:
            upload_id = secrets.token_urlsafe(16)
            folder = self.root / upload_id
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                continue
            return upload_id, folder

    def describe(self, folder: Path, info: UploadInfo) -> Upload:
        """Write ``upload.json`` (the upload is complete from then on)."""
        target = folder / DESCRIPTION
        partial = folder / (DESCRIPTION + ".partial")
        partial.write_text(json.dumps(asdict(info)), encoding="utf-8")
        os.replace(partial, target)
        return Upload(info, folder)

    def get(self, upload_id: str) -> Upload | None:
        """The upload with this id, or ``None`` (malformed id, unknown, expired, incomplete)."""
        if not ID_PATTERN.fullmatch(upload_id):
            return None
        folder = self.root / upload_id
        try:
            info = UploadInfo(**json.loads((folder / DESCRIPTION).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if info.id != upload_id or self.expired(info.created):
            return None
        return Upload(info, folder)

    def all(self) -> list[Upload]:
        """Every live upload, newest first."""
        found = [u for u in (self.get(p.name) for p in self._folders()) if u is not None]
        return sorted(found, key=lambda u: u.info.created, reverse=True)

    def expired(self, created: float) -> bool:
        """Whether something created at ``created`` (epoch seconds) is past its keep time."""
        return self.clock() - created > self.keep_seconds

    def remove(self, upload_id: str) -> None:
        """Delete an upload's folder and everything in it."""
        if ID_PATTERN.fullmatch(upload_id):
            shutil.rmtree(self.root / upload_id, ignore_errors=True)

    def sweep(self, busy: set[str]) -> list[str]:
        """Delete expired uploads (and folders of uploads that never completed) except the
        ``busy`` ones; the ids removed."""
        removed: list[str] = []
        for folder in self._folders():
            if folder.name not in busy and self.expired(_created(folder)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        return removed

    def _folders(self) -> Iterator[Path]:
        try:
            entries = list(self.root.iterdir())
        except OSError:
            return
        for entry in entries:
            if ID_PATTERN.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
                yield entry


def _created(folder: Path) -> float:
    """When an upload was made: from ``upload.json``, else (incomplete) the folder's mtime."""
    try:
        return float(json.loads((folder / DESCRIPTION).read_text(encoding="utf-8"))["created"])
    except (OSError, ValueError, KeyError, TypeError):
        try:
            return folder.stat().st_mtime
        except OSError:
            return 0.0
