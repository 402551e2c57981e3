"""Receive the upload form without ever holding the workbook in memory or in a shared
temporary folder: the multipart body is parsed as it streams in, the file part goes straight
into the upload's private folder, and the size limit is enforced byte by byte.

The CSRF token must come before the file (it is the form's first field), so a forged request
is refused before a byte of its file is written.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.multipart import MultipartParser, parse_options_header

from bulk.web.humane import size

FORM_OVERHEAD = 64 * 1024
"""Bytes of a form besides the file (boundaries, headers, the small fields)."""

MAX_FIELDS = 8
MAX_FIELD_BYTES = 1024
DRAIN_LIMIT = 1024 * 1024 * 1024
FILE_FIELD = "workbook"


class UploadRefused(Exception):
    """The upload is refused; ``status`` is the HTTP status and the message one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_large(limit: int) -> UploadRefused:
    """The refusal of a file over the size limit."""
    return UploadRefused(413, f"The file is larger than this portal accepts ({size(limit)}).")


@dataclass(slots=True)
class ReceivedForm:
    """The small fields of the form and what was received of the file."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    size: int = 0


class _Parts:
    """The parser's callbacks: collects fields, writes the file part to ``sink``."""

    def __init__(
        self, sink: IO[bytes], limit: int, before_file: Callable[[dict[str, str]], None]
    ) -> None:
        self.sink = sink
        self.limit = limit
        self.before_file = before_file
        self.form = ReceivedForm()
        self.headers: dict[bytes, bytes] = {}
        self.header_name = b""
        self.header_value = b""
        self.name = ""
        self.value = bytearray()
        self.is_file = False

    def callbacks(self) -> dict[str, Callable[..., None]]:
        """The callback table for :class:`MultipartParser`."""
        return {
            "on_part_begin": self.part_begin,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value_part,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
        }

    def part_begin(self) -> None:
        """A new part: forget the last one's headers and value."""
        self.headers, self.value, self.is_file = {}, bytearray(), False

    def header_field(self, data: bytes, start: int, end: int) -> None:
        """More of a header's name."""
        self.header_name += data[start:end]

    def header_value_part(self, data: bytes, start: int, end: int) -> None:
        """More of a header's value."""
        self.header_value += data[start:end]

    def header_end(self) -> None:
        """A header is complete."""
        self.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def headers_finished(self) -> None:
        """The part's headers are complete: a small field, or the one workbook file (which
        may only start once the token has been checked)."""
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            if len(self.form.fields) >= MAX_FIELDS:
                raise UploadRefused(400, "The form has too many fields.")
            return
        if self.name != FILE_FIELD or self.form.filename is not None:
            raise UploadRefused(400, "Send exactly one workbook file.")
        self.before_file(self.form.fields)
        self.is_file = True
        self.form.filename = options[b"filename"].decode("utf-8", "replace")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        """Data of the part: into the file (within the limit) or into the field's value."""
        if self.is_file:
            self.form.size += end - start
            if self.form.size > self.limit:
                raise too_large(self.limit)
            self.sink.write(data[start:end])
            return
        self.value += data[start:end]
        if len(self.value) > MAX_FIELD_BYTES:
            raise UploadRefused(400, f"The form field '{self.name[:40]}' is too long.")

    def part_end(self) -> None:
        """The part is complete."""
        if not self.is_file:
            self.form.fields[self.name] = self.value.decode("utf-8", "replace")


def _boundary(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise UploadRefused(400, "Send the workbook with the upload form (multipart/form-data).")
    return options[b"boundary"]


async def receive_form(
    content_type: str,
    content_length: int | None,
    stream: AsyncIterator[bytes],
    target: Path,
    *,
    limit: int,
    before_file: Callable[[dict[str, str]], None],
) -> ReceivedForm:
    """Parse the form from ``stream``, writing the file part to ``target`` (created new,
    mode 0600). Raises :class:`UploadRefused`; the caller removes ``target`` then."""
    boundary = _boundary(content_type)
    if content_length is not None and content_length > limit + FORM_OVERHEAD:
        raise too_large(limit)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as sink:
        parts = _Parts(sink, limit, before_file)
        parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
        try:
            async for chunk in stream:
                parser.write(chunk)
            parser.finalize()
        except UploadRefused:
            raise
        except Exception as error:  # the parser's own errors: a damaged form
            raise UploadRefused(400, "The upload was damaged on the way; try again.") from error
    if parts.form.filename is None:
        raise UploadRefused(400, "Choose a workbook file (.xlsx) to upload.")
    return parts.form


async def drain(stream: AsyncIterator[bytes]) -> None:
    """Read and drop the rest of a refused request's body (up to :data:`DRAIN_LIMIT` bytes),
    so the browser gets to read the answer instead of a reset connection."""
    seen = 0
    try:
        async for chunk in stream:
            seen += len(chunk)
            if seen > DRAIN_LIMIT:
                return
    except Exception:  # the client went away: nothing left to drain
        return
