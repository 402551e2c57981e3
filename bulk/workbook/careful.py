"""A careful streaming reader for sheets the fast path cannot take.

It parses the worksheet XML event by event, so memory stays bounded whatever the sheet's
extent, and it keeps what calamine's values hide: formulas (as text, never evaluated) and
hidden rows. It is several times slower than calamine and is used only for sheets the byte
scan flagged (see :mod:`bulk.workbook.scan`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, cast
from xml.etree import ElementTree

from bulk.workbook.cells import Formula, column_index
from bulk.workbook.limits import unreadable
from bulk.workbook.package import MAIN_NS, XlsxPackage
from bulk.workbook.rawrow import MergedRange, RawRow

_N = f"{{{MAIN_NS}}}"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _events(package: XlsxPackage, part: str) -> Iterator[ElementTree.Element]:
    parser: ElementTree.XMLPullParser[Any] = ElementTree.XMLPullParser(events=("end",))
    try:
        for chunk in package.stream(part):
            parser.feed(chunk)
            yield from _ended(parser)
        parser.close()
        yield from _ended(parser)
    except ElementTree.ParseError as err:
        raise unreadable(package.path, f"part {part} is not valid XML ({err})") from err


def _ended(parser: ElementTree.XMLPullParser[Any]) -> Iterator[ElementTree.Element]:
    for event in parser.read_events():
        element = cast(Any, event)[1]
        if isinstance(element, ElementTree.Element):
            yield element


def shared_strings(package: XlsxPackage) -> list[str]:
    """The shared string table (empty when the workbook has none)."""
    part = "xl/sharedStrings.xml"
    if part not in set(package.archive.namelist()):
        return []
    strings: list[str] = []
    for element in _events(package, part):
        if element.tag == f"{_N}si":
            strings.append("".join(t.text or "" for t in element.iter(f"{_N}t")))
            element.clear()
    return strings


def _is_date_code(code: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bare != "general" and re.search(r"[dmyhs]", bare) is not None


def date_styles(package: XlsxPackage) -> frozenset[int]:
    """Indexes of the cell formats (``s`` attribute) that show numbers as dates."""
    part = "xl/styles.xml"
    if part not in set(package.archive.namelist()):
        return frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_xfs = False
    for element in _events(package, part):
        if element.tag == f"{_N}numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif element.tag == f"{_N}cellXfs":
            formats = [int(xf.get("numFmtId", "0")) for xf in element.iter(f"{_N}xf")]
            in_xfs = True
    del in_xfs
    return frozenset(
        index
        for index, fmt in enumerate(formats)
        if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_code(custom[fmt]))
    )


class CarefulSheet:
    """Streams one sheet's rows; ``merged`` is complete once the rows are exhausted."""

    def __init__(
        self, package: XlsxPackage, part: str, strings: list[str], dates: frozenset[int]
    ) -> None:
        self.package = package
        self.part = part
        self.strings = strings
        self.dates = dates
        self.merged: list[MergedRange] = []

    def rows(self) -> Iterator[RawRow]:
        """Rows in sheet order, each with its values from column A."""
        number = 0
        for element in _events(self.package, self.part):
            if element.tag == f"{_N}row":
                number = int(element.get("r") or number + 1)
                hidden = element.get("hidden", "0") in ("1", "true")
                values = self._values(element)
                element.clear()
                yield RawRow(number, values, hidden)
            elif element.tag == f"{_N}mergeCell":
                self.merged.append(_merged(element.get("ref", "")))

    def _values(self, row: ElementTree.Element) -> list[Any]:
        values: list[Any] = []
        for cell in row.iter(f"{_N}c"):
            ref = _REF.match(cell.get("r", ""))
            index = column_index(ref.group(1)) if ref else len(values)
            if index >= len(values):
                values.extend([""] * (index + 1 - len(values)))
            values[index] = self._value(cell)
        return values

    def _value(self, cell: ElementTree.Element) -> Any:
        formula = cell.find(f"{_N}f")
        if formula is not None:
            return Formula("=" + (formula.text or "(shared formula)"))
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return "".join(t.text or "" for t in cell.iter(f"{_N}t"))
        raw = cell.findtext(f"{_N}v")
        if raw is None:
            return ""
        return self._typed(kind, raw, int(cell.get("s") or 0))

    def _typed(self, kind: str, raw: str, style: int) -> Any:
        if kind == "s":
            index = int(raw)
            return self.strings[index] if 0 <= index < len(self.strings) else ""
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind in ("str", "e"):
            return raw
        if kind == "d":
            return dt.datetime.fromisoformat(raw)
        number = float(raw)
        if style in self.dates:
            return _serial_date(number)
        return number


def _serial_date(serial: float) -> Any:
    try:
        moment = _EXCEL_EPOCH + dt.timedelta(days=serial)
    except OverflowError:
        return serial
    return moment.date() if serial.is_integer() else moment


def _merged(ref: str) -> MergedRange:
    first, _, last = ref.partition(":")
    start, end = _REF.match(first), _REF.match(last or first)
    if not start or not end:
        return MergedRange(0, 0, 0, 0)
    return MergedRange(
        int(start.group(2)) - 1,
        column_index(start.group(1)),
        int(end.group(2)) - 1,
        column_index(end.group(1)),
    )
