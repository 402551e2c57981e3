"""The .xlsx file as a zip package: sniffing, size limits, and the workbook part.

Everything here reads the zip's central directory and small XML parts only; big parts are
streamed by :mod:`bulk.workbook.scan` with their declared sizes and CRCs enforced.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from bulk.workbook.limits import MB, Limits, WorkbookUnusable, too_large, unreadable

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CHUNK = 1 << 20
SMALL_PART = 1 * MB


@dataclass(frozen=True, slots=True)
class SheetEntry:
    """A worksheet as the workbook part lists it."""

    name: str
    part: str
    hidden: bool


@dataclass(slots=True)
class XlsxPackage:
    """An opened, size-checked .xlsx package."""

    path: Path
    archive: zipfile.ZipFile
    limits: Limits
    sheets: list[SheetEntry] = field(default_factory=list)
    defined_names: dict[str, str] = field(default_factory=dict)

    def stream(self, part: str) -> Iterator[bytes]:
        """Yield the part's bytes in chunks; a size or CRC lie becomes ``workbook-unreadable``."""
        try:
            with self.archive.open(part) as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as err:
            raise unreadable(self.path, f"part {part} is damaged ({err})") from err
        except KeyError as err:
            raise unreadable(self.path, f"part {part} is missing") from err

    def verify(self, parts: list[str]) -> None:
        """Expand each part once (bounded by its declared size) so its CRC is checked."""
        for part in parts:
            for _ in self.stream(part):
                pass

    def other_parts(self, skip: set[str]) -> list[str]:
        """Every part except ``skip`` and the worksheets, which are read on demand."""
        return [
            info.filename
            for info in self.archive.infolist()
            if info.filename not in skip
            and not info.filename.startswith("xl/worksheets/")
            and not info.is_dir()
        ]

    def close(self) -> None:
        """Close the zip."""
        self.archive.close()


def sniff(path: Path, limits: Limits) -> None:
    """Refuse what is plainly not an .xlsx file, with a reason a partner understands."""
    if not path.exists():
        raise unreadable(path, "the file does not exist")
    if path.is_dir():
        raise unreadable(path, "it is a directory, not a file")
    size = path.stat().st_size
    if size == 0:
        raise unreadable(path, "the file is empty")
    if size > limits.max_file_bytes:
        raise too_large(path, f"the file is {size:,} bytes; the limit is {limits.max_file_bytes:,}")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(CFB_MAGIC):
        raise unreadable(path, _compound_file_reason(path))
    if not head.startswith(ZIP_MAGIC):
        raise unreadable(path, _not_zip_reason(head))


def _compound_file_reason(path: Path) -> str:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            "it is password-protected (encrypted); remove the password in Excel "
            "(File > Info > Protect Workbook > Encrypt with Password) and save it again"
        )
    return "it is an old binary Excel file (.xls); open it in Excel and save it as .xlsx"


def _not_zip_reason(head: bytes) -> str:
    if head.startswith(b"PK"):
        return "it is a damaged or unsupported zip file"
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return "it is an XML or HTML file renamed to .xlsx; save it from Excel as .xlsx"
    return "it is not an .xlsx workbook (perhaps a text or CSV file renamed to .xlsx)"


def open_package(path: Path, limits: Limits) -> XlsxPackage:
    """Open and size-check the package, then read its workbook part."""
    sniff(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise unreadable(path, f"it is a damaged zip file (truncated or corrupt: {err})") from err
    package = XlsxPackage(path, archive, limits)
    try:
        check_central_directory(package)
        read_workbook_part(package)
    except WorkbookUnusable:
        archive.close()
        raise
    return package


def check_central_directory(package: XlsxPackage) -> None:
    """Apply the size limits to what the zip declares, before anything is expanded."""
    infos = package.archive.infolist()
    limits, path = package.limits, package.path
    if len(infos) > limits.max_zip_entries:
        raise too_large(
            path, f"it holds {len(infos):,} zip entries; the limit is {limits.max_zip_entries:,}"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise too_large(
            path, f"it expands to {total:,} bytes; the limit is {limits.max_uncompressed_bytes:,}"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise unreadable(path, f"part {info.filename} is encrypted")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > SMALL_PART and ratio > limits.max_compression_ratio:
            raise too_large(
                path,
                f"part {info.filename} expands {ratio:,.0f} times (a zip bomb?); "
                f"the limit is {limits.max_compression_ratio:,.0f}",
            )


def _read_xml(package: XlsxPackage, part: str) -> ElementTree.Element:
    data = b"".join(package.stream(part))
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        raise unreadable(package.path, f"part {part} is not valid XML ({err})") from err


def _workbook_part(package: XlsxPackage) -> str:
    names = set(package.archive.namelist())
    if "_rels/.rels" in names:
        root = _read_xml(package, "_rels/.rels")
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    raise unreadable(package.path, "it has no workbook part (is it a Word or PowerPoint file?)")


def read_workbook_part(package: XlsxPackage) -> None:
    """Read sheet names, their parts and the defined names from the workbook part."""
    part = _workbook_part(package)
    if part not in set(package.archive.namelist()):
        raise unreadable(package.path, f"its workbook part {part} is missing")
    base = posixpath.dirname(part)
    targets = _relationship_targets(package, f"{base}/_rels/{posixpath.basename(part)}.rels", base)
    root = _read_xml(package, part)
    for sheet in root.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id", ""), "")
        hidden = sheet.get("state", "visible") != "visible"
        package.sheets.append(SheetEntry(sheet.get("name", ""), target, hidden))
    for name in root.iter(f"{{{MAIN_NS}}}definedName"):
        if name.get("localSheetId") is None:
            package.defined_names[name.get("name", "")] = (name.text or "").strip()


def _relationship_targets(package: XlsxPackage, rels_part: str, base: str) -> dict[str, str]:
    if rels_part not in set(package.archive.namelist()):
        return {}
    root = _read_xml(package, rels_part)
    targets: dict[str, str] = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        full = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{base}/{target}")
        )
        targets[rel.get("Id", "")] = full
    return targets
