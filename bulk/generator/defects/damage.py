"""Excel damage (``--excel-damage``): values stored the way Excel mangles them when a partner
types or pastes into General-formatted cells.

- phone numbers stored as numbers: the ``+`` is gone (``14085550123``), and sometimes the
  number went through scientific notation and lost its last digits (``14085600000``);
- postal codes and extensions stored as numbers: leading zeros are gone (``02108`` → ``2108``);
  an extension keeps its digits but is flagged so the partner checks for a lost zero; a postal
  code without a leading zero stored as a number is still the right code and is accepted;
- dates typed as text Excel did not recognise (``15/06/2027``), and ISO text dates
  (``2027-06-15``), which are unambiguous and accepted;
- trailing and non-breaking spaces, hidden rows, merged cells.
"""

from __future__ import annotations

from datetime import date

from bulk.generator.answer_key import PlantedIssue
from bulk.generator.defects.assist import typed_date
from bulk.generator.defects.base import Applies, DefectKind, Plant, Planting, always
from bulk.generator.model import CustomerGroup, Row
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS


def _has(key: str) -> Applies:
    def applies(group: CustomerGroup, row: Row) -> bool:
        return bool(row[key])

    return applies


def _as_number(key: str) -> Plant:
    """The phone in ``key`` stored as the number its digits make (the ``+`` lost)."""

    def plant(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
        digits = int(row.text(key).lstrip("+"))
        return [p.set(row, key, digits, "cell-invalid-phone", value=str(digits))]

    return plant


def _scientific_applies(group: CustomerGroup, row: Row) -> bool:
    return len(row.text("phone_number")) >= 12


def _scientific(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    digits = int(row.text("phone_number").lstrip("+"))
    rounded = float(f"{digits:.6g}")
    while str(int(rounded)) in p.memo:
        rounded += 10 ** (len(str(digits)) - 6)
    p.memo.add(str(int(rounded)))
    return [p.set(row, "phone_number", rounded, "cell-invalid-phone", value=str(int(rounded)))]


def _leading_zero(group: CustomerGroup, row: Row) -> bool:
    return row.text("postal_code").startswith("0")


def _postal_number(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    number = int(row.text("postal_code"))
    return [p.set(row, "postal_code", number, "cell-invalid-postal-code", value=str(number))]


def _plain_postal(group: CustomerGroup, row: Row) -> bool:
    text = row.text("postal_code")
    return text.isdigit() and not text.startswith("0")


def _harmless_postal_number(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    row["postal_code"] = int(row.text("postal_code"))
    row.planted = True
    return []


def _extension_number(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    number = int(row.text("extension"))
    return [p.set(row, "extension", number, "cell-stored-as-number", value=str(number))]


def _text_date(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    day = row["requested_completion_date"]
    assert isinstance(day, date)
    text = typed_date(day, group.market.country)
    return [p.set(row, "requested_completion_date", text, "cell-invalid-date")]


def _iso_text_date(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    day = row["requested_completion_date"]
    assert isinstance(day, date)
    row["requested_completion_date"] = day.isoformat()
    row.planted = True
    return []


def _spaces(key: str, suffix: str) -> Plant:
    def plant(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
        text = row.text(key)
        return [p.set(row, key, text + suffix, "cell-whitespace", value=text)]

    return plant


def _hidden(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    row.hidden = True
    row.planted = True
    return [PlantedIssue("row-hidden", row.sheet, None, row, params={"row": row})]


def _merged(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    first = [c.key for c in LOCATIONS.columns].index("emergency_location_id")
    row["main_number"] = None
    row.merge = (first, first + 1)
    return [p.set(row, "emergency_location_id", None, "cell-merged", value="")]


KINDS: tuple[DefectKind, ...] = (
    DefectKind(
        "damage-phone-number",
        "cell-invalid-phone",
        SUBSCRIBERS,
        _has("phone_number"),
        _as_number("phone_number"),
    ),
    DefectKind(
        "damage-phone-scientific",
        "cell-invalid-phone",
        SUBSCRIBERS,
        _scientific_applies,
        _scientific,
    ),
    DefectKind(
        "damage-main-number",
        "cell-invalid-phone",
        LOCATIONS,
        _has("main_number"),
        _as_number("main_number"),
    ),
    DefectKind(
        "damage-contact-phone",
        "cell-invalid-phone",
        SETUP_ASSIST,
        _has("contact_phone"),
        _as_number("contact_phone"),
    ),
    DefectKind(
        "damage-customer-postal",
        "cell-invalid-postal-code",
        CUSTOMERS,
        _leading_zero,
        _postal_number,
    ),
    DefectKind(
        "damage-location-postal",
        "cell-invalid-postal-code",
        LOCATIONS,
        _leading_zero,
        _postal_number,
    ),
    DefectKind("damage-postal-accepted", "", LOCATIONS, _plain_postal, _harmless_postal_number),
    DefectKind(
        "damage-extension",
        "cell-stored-as-number",
        SUBSCRIBERS,
        _has("extension"),
        _extension_number,
    ),
    DefectKind("damage-text-date", "cell-invalid-date", SETUP_ASSIST, always, _text_date),
    DefectKind("damage-iso-date", "", SETUP_ASSIST, always, _iso_text_date),
    DefectKind(
        "damage-trailing-space", "cell-whitespace", SUBSCRIBERS, always, _spaces("last_name", " ")
    ),
    DefectKind(
        "damage-email-space", "cell-whitespace", SUBSCRIBERS, always, _spaces("email", "  ")
    ),
    DefectKind("damage-nbsp", "cell-whitespace", CUSTOMERS, always, _spaces("name", "\u00a0")),
    DefectKind("damage-hidden-row", "row-hidden", SUBSCRIBERS, always, _hidden),
    DefectKind("damage-merged", "cell-merged", LOCATIONS, always, _merged),
)
"""Excel damage kinds; a kind with an empty code plants damage the validator accepts."""
