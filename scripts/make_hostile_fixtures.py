"""Write ``fixtures/workbooks/hostile/``: files a validator must refuse or survive.

Refused (``rtm validate`` exits 2 with one line, in bounded memory):

* ``empty.xlsx`` – zero bytes;
* ``text.xlsx`` – a CSV file renamed to .xlsx;
* ``truncated.xlsx`` – the sample workbook cut in half;
* ``encrypted.xlsx`` – the sample protected with the password ``secret``, as Excel does it (an
  OLE compound file with ``EncryptionInfo`` and ``EncryptedPackage`` streams; msoffcrypto-tool);
* ``old.xls`` – an Excel 97–2003 binary workbook (a compound file with a BIFF8 ``Workbook``
  stream, written here byte by byte);
* ``bomb.xlsx`` – 3 MB that inflate to 3 GiB (its zip directory tells the truth);
* ``bomb-lying.xlsx`` – the same data, but the zip directory claims 1 MiB per part;
* ``no-sheets.xlsx`` – a workbook with none of the template's four sheets.

Validated normally, in bounded memory:

* ``dimension-claim.xlsx`` – the sample whose sheets claim ``<dimension ref="A1:XFD1048576"/>``;
* ``far-cell.xlsx`` – the sample with a note in cell XFD1048576 of the Subscribers sheet.

Run ``python scripts/make_hostile_fixtures.py``.
"""

from __future__ import annotations

import argparse
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

from bulk.template import write_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
OUTPUT = ROOT / "fixtures" / "workbooks" / "hostile"
MIB = 1 << 20
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,
        NO_STREAM,
        NO_STREAM,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def _biff8_workbook_stream() -> bytes:
    """A BIFF8 workbook globals substream: BOF, CODEPAGE (UTF-16), EOF, padded to 4096 bytes
    so it lives in regular sectors rather than the mini stream."""
    bof = struct.pack(
        "<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x2775, 0x07CD, 0x000080C9, 0x00000206
    )
    codepage = struct.pack("<HHH", 0x0042, 2, 1200)
    eof = struct.pack("<HH", 0x000A, 0)
    data = bof + codepage + eof
    return data + b"\0" * (4096 - len(data))


def compound_file(stream_name: str, stream: bytes) -> bytes:
    """A version 3 compound file (512-byte sectors) holding one stream of at least 4096 bytes."""
    sectors = -(-len(stream) // 512)
    fat = [FAT_SECTOR, END] + [3 + i for i in range(sectors - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        END,
        0,
        END,
        0,
    )
    header += struct.pack("<109I", 0, *([FREE] * 108))
    directory = (
        _directory_entry("Root Entry", 5, 1, END, 0)
        + _directory_entry(stream_name, 2, NO_STREAM, 2, len(stream))
        + _directory_entry("", 0, NO_STREAM, 0, 0) * 2
    )
    body = stream + b"\0" * (sectors * 512 - len(stream))
    return header + struct.pack("<128I", *fat) + directory + body


def _zip_entry(name: str, data: bytes, crc: int, size: int, offset: int) -> tuple[bytes, bytes]:
    """A deflated zip entry with raw compressed ``data``: local header + data, central record."""
    dos_time, dos_date = 0, (2026 - 1980) << 9 | 1 << 5 | 1
    encoded = name.encode()
    fields = (20, 0, 8, dos_time, dos_date, crc, len(data), size, len(encoded))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
    return local, central + encoded


def zip_bomb(target: Path, gibibytes: int = 3, *, lie: bool = False) -> None:
    """A zip whose one worksheet part inflates to ``gibibytes`` GiB of spaces. The deflate
    stream repeats one fully flushed 1 MiB block, so it is built in a second."""
    block = b" " * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    flushed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = gibibytes * 1024
    stream = flushed * blocks + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    size = MIB if lie else blocks * MIB
    parts = _minimal_parts()
    out, central, offset = io.BytesIO(), b"", 0
    for name, data in parts.items():
        raw = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = raw.compress(data) + raw.flush()
        local, record = _zip_entry(name, packed, zlib.crc32(data), len(data), offset)
        out.write(local)
        central += record
        offset += len(local)
    local, record = _zip_entry("xl/worksheets/sheet1.xml", stream, crc, size, offset)
    out.write(local)
    central += record
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts) + 1, len(parts) + 1, len(central), out.tell(), 0
    )
    target.write_bytes(out.getvalue() + central + end)


def _minimal_parts() -> dict[str, bytes]:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Subscribers" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ).encode(),
    }


def rewrite_parts(source: Path, target: Path, edit: dict[str, tuple[str, str]]) -> None:
    """Copy a workbook, applying a regex substitution to the named parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edit:
                pattern, replacement = edit[info.filename]
                data = re.sub(pattern.encode(), replacement.encode(), data)
            zout.writestr(
                zipfile.ZipInfo(info.filename, date_time=ZIP_DATE), data, zipfile.ZIP_DEFLATED
            )


def _sheet_parts(source: Path) -> list[str]:
    with zipfile.ZipFile(source) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]


def write_all(out: Path) -> None:
    """Write every hostile file into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "empty.xlsx").write_bytes(b"")
    (out / "text.xlsx").write_text(
        "External ID,Customer Name\nacme-us-001,Acme Robotics\n", encoding="utf-8"
    )
    data = SAMPLE.read_bytes()
    (out / "truncated.xlsx").write_bytes(data[: len(data) * 6 // 10])
    _encrypted(out / "encrypted.xlsx")
    (out / "old.xls").write_bytes(compound_file("Workbook", _biff8_workbook_stream()))
    zip_bomb(out / "bomb.xlsx")
    zip_bomb(out / "bomb-lying.xlsx", lie=True)
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active["A1"] = "Nothing to see"
    write_workbook(book, out / "no-sheets.xlsx")
    claim = r'<dimension ref="A1:XFD1048576"/>'
    parts = {p: (r"<dimension ref=\"[^\"]*\"\s*/>", claim) for p in _sheet_parts(SAMPLE)}
    rewrite_parts(SAMPLE, out / "dimension-claim.xlsx", parts)
    far = openpyxl.load_workbook(SAMPLE)
    far["Subscribers"]["XFD1048576"] = "a note far away"
    write_workbook(far, out / "far-cell.xlsx")


def _encrypted(target: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with SAMPLE.open("rb") as plain, target.open("wb") as sealed:
        OOXMLFile(plain).encrypt("secret", sealed)


def main(argv: list[str] | None = None) -> None:
    """Write the hostile corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    write_all(parser.parse_args(argv).output)


if __name__ == "__main__":
    main()
