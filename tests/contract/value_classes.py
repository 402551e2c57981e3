"""The catalogue of value classes per field kind the differential test draws from: empty,
whitespace, boundary and too-long lengths, each invalid format, Excel's damage (numbers that
lost their ``+`` or leading zeros, scientific notation), other countries' formats, Unicode, and
canonical and non-canonical spellings."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bulk.rules.fields import Kind
from bulk.schema import SHEETS_BY_NAME

BLANKS: tuple[Any, ...] = ("", " ", "\u00a0", "\t")
UNICODE: tuple[str, ...] = ("Zoë Ünïcødé", "日本語の名前", "Ελληνικά", "emoji 🚀", "a\u0301b")
SPACES: tuple[str, ...] = (" padded ", "\u00a0nbsp\u00a0", "line\nbreak", "tab\there", "\u200bzw")


def text_values(limit: int | None, forbidden: str) -> tuple[Any, ...]:
    """Plain text: lengths around the limit, Unicode, hidden spaces, forbidden characters."""
    found: list[Any] = ["x", "Acme & Sons, Inc.", "O'Brien", *UNICODE, *SPACES, *BLANKS, 12345]
    if limit is not None:
        found += ["x" * (limit - 1), "x" * limit, "x" * (limit + 1), "é" * (limit + 1)]
        found += [" " + "x" * limit + " ", "日" * limit]
    found += [f"100{c} sure" for c in forbidden]
    return tuple(found)


EMAILS: tuple[Any, ...] = (
    "ann@example.com",
    "ANN.LEE@EXAMPLE.COM",
    "ann+tag@example.co.uk",
    "ann@@example.com",
    "ann",
    "ann@example",
    "ann@exa mple.com",
    "ann lee@example.com",
    ".ann@example.com",
    "ann.@example.com",
    "ann..lee@example.com",
    "ann@example.com.",
    "ann@-example.com",
    "ann@localhost",
    "ünïcode@example.com",
    "ann@bücher.example",
    "a" * 64 + "@example.com",
    "a" * 65 + "@example.com",
    "a" * 60 + "@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".com",
    "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 59 + ".com",
    " ann@example.com ",
    "ann@example.com\u00a0",
    "mailto:ann@example.com",
    "Ann <ann@example.com>",
    *BLANKS,
    12345,
)
PHONES: tuple[Any, ...] = (
    "+12175550100",
    "+10000000000",
    "+1000",
    "+442079460958",
    "+4420794609",
    "+61291234567",
    "+4930123456",
    "+919876543210",
    "12175550100",
    12175550100,
    12175550100.0,
    1.21756e10,
    442079460958,
    2175550100.5,
    "+1 217 555 0100",
    "+1-217-555-0100",
    "+1 (217) 555-0100",
    "+1.217.555.0100",
    "+1\u2013217\u2013555\u20130100",
    "+1/217/555/0100",
    "0012175550100",
    "(217) 555-0100",
    "+1217555010O",
    "+\u0661\u0662\u0661\u0667\u0665\u0665\u0665\u0660\u0661\u0660\u0660",
    "+",
    "+0123456789",
    "+1234567890123456",
    " +12175550100 ",
    *BLANKS,
    True,
)
EXTENSIONS: tuple[Any, ...] = (
    "100",
    "12",
    "1",
    "1234567890",
    "12345678901",
    "0123",
    123,
    7,
    123.5,
    -12,
    "12a",
    "1 2",
    "\u0661\u0662\u0663",
    "١٢",
    " 123 ",
    *BLANKS,
)
COUNTRIES: tuple[Any, ...] = (
    "US",
    "us",
    "Us",
    "USA",
    "United States",
    "XX",
    "GB",
    "DE",
    "CA",
    "AU",
    "FR",
    "JP",
    " US ",
    "ÜS",
    "U",
    *BLANKS,
    1,
)
STATES: tuple[Any, ...] = (
    "IL",
    "il",
    "Illinois",
    "ILLINOIS",
    "Goodstate",
    "US-IL",
    "ZZ",
    "ON",
    "NSW",
    "x" * 50,
    "x" * 51,
    *UNICODE,
    *BLANKS,
    12,
)
POSTAL_CODES: tuple[Any, ...] = (
    "62701",
    "62701-1234",
    "6270",
    "627011",
    "62701-12",
    62701,
    2134,
    2134.0,
    "02134",
    "SW1A 1AA",
    "M5V 3L9",
    "2000",
    "ABCDE",
    "\uff16\uff12\uff17\uff10\uff11",
    "x" * 20,
    "x" * 21,
    " 62701 ",
    *BLANKS,
)
TIME_ZONES: tuple[Any, ...] = (
    "America/Chicago",
    "america/chicago",
    "AMERICA/CHICAGO",
    "America/New York",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "UTC",
    "EST",
    "US/Eastern",
    "Mars/Base",
    "Chicago",
    "GMT+1",
    "America/Chicago ",
    "Amérique/Chicago",
    *BLANKS,
    5,
)
LANGUAGES: tuple[Any, ...] = (
    "en",
    "EN",
    "En",
    "en_US",
    "en_us",
    "en-us",
    "EN-US",
    "fr_CA",
    "fr-ca",
    "de",
    "zh_TW",
    "pt_BR",
    "klingon",
    "tlh",
    "xx",
    "en_XX",
    "en_USA",
    "en_US_POSIX",
    "zh-Hant-TW",
    "english",
    "en_",
    "_US",
    "e",
    " en ",
    "ｅｎ",
    *BLANKS,
    1,
)
CUSTOMER_PACKAGES: tuple[Any, ...] = (
    "webex_calling, webex_meetings",
    "Webex Calling, Webex Meetings",
    "webex-calling; webex-meetings",
    "webex_calling",
    "webex_meetings",
    "webex_suite",
    "webex_calling, webex_calling, webex_meetings",
    "webex_calling, webex_fax",
    "webex_fax",
    "cx_essentials",
    "webex_calling, cx_essentials",
    "common_area_calling",
    "attendant_console",
    "webex_calling, attendant_console",
    "webex_calling_standard, webex_meetings",
    "WEBEX_CALLING",
    "webex_calling,",
    *BLANKS,
    1,
)
SUBSCRIBER_PACKAGES: tuple[Any, ...] = (
    "webex_calling",
    "Webex Calling",
    "WEBEX-CALLING",
    "webex_meetings",
    "webex_suite",
    "common_area_calling",
    "cx_essentials",
    "webex_fax",
    "webex calling ",
    *BLANKS,
)
CHANNELS: tuple[Any, ...] = ("api", "API", "Form", "helpdesk", "fax", "e-mail", *BLANKS)

_BY_KIND: dict[Kind, tuple[Any, ...]] = {
    Kind.EMAIL: EMAILS,
    Kind.PHONE: PHONES,
    Kind.EXTENSION: EXTENSIONS,
    Kind.COUNTRY: COUNTRIES,
    Kind.STATE: STATES,
    Kind.POSTAL_CODE: POSTAL_CODES,
    Kind.TIMEZONE: TIME_ZONES,
    Kind.LANGUAGE: LANGUAGES,
    Kind.PACKAGES: CUSTOMER_PACKAGES,
    Kind.PACKAGE: SUBSCRIBER_PACKAGES,
    Kind.CHOICE: CHANNELS,
}


def values_for(sheet: str, key: str) -> tuple[Any, ...]:
    """Every value class of a column, as cell values (text, numbers, booleans)."""
    column = SHEETS_BY_NAME[sheet].column(key)
    by_kind = _BY_KIND.get(column.kind)
    if by_kind is not None:
        return by_kind
    return text_values(column.max_length, column.forbidden)


_LETTERS = st.characters(min_codepoint=0x41, max_codepoint=0x7A).filter(str.isalpha)
_DIGITS = st.text("0123456789", max_size=17)
_PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))


def _text(limit: int | None) -> st.SearchStrategy[Any]:
    top = (limit or 60) + 3
    return st.one_of(
        st.text(_PRINTABLE, max_size=top),
        st.integers(0, top).map(lambda n: "x" * n),
        st.text(" \u00a0\t", min_size=1, max_size=3),
    )


def _spelling(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Valid values in any case, with ``-`` for ``_`` or padded with spaces."""
    return st.tuples(
        st.sampled_from(values),
        st.sampled_from([str, str.lower, str.upper, str.title]),
        st.sampled_from(["", " ", "\u00a0"]),
        st.booleans(),
    ).map(lambda t: t[2] + t[1](t[0].replace("_", "-") if t[3] else t[0]) + t[2])


_GENERATED: dict[Kind, st.SearchStrategy[Any]] = {
    Kind.EMAIL: st.one_of(st.emails(), st.text(_PRINTABLE, max_size=30)),
    Kind.PHONE: st.one_of(
        _DIGITS.map(lambda d: "+" + d),
        _DIGITS,
        st.integers(0, 10**15),
        st.sampled_from(["1", "44", "49", "61", "91", "33"]).flatmap(
            lambda cc: _DIGITS.map(lambda d: f"+{cc} {d[:3]}-{d[3:]}")
        ),
    ),
    Kind.EXTENSION: st.one_of(_DIGITS, st.integers(-10, 10**11)),
    Kind.COUNTRY: st.one_of(st.text(_LETTERS, min_size=1, max_size=3), _spelling(("US", "GB"))),
    Kind.STATE: st.text(_LETTERS, max_size=4),
    Kind.POSTAL_CODE: st.one_of(
        st.text("0123456789 -ABCDEFGHJKLMNPRSTUVWXYZ", max_size=11), st.integers(0, 999_999)
    ),
    Kind.TIMEZONE: st.one_of(
        _spelling(("America/Chicago", "Europe/Berlin", "Asia/Tokyo")),
        st.text(_LETTERS | st.just("/"), max_size=20),
    ),
    Kind.LANGUAGE: st.one_of(
        _spelling(("en", "en_US", "fr_CA", "de_DE", "ja")),
        st.tuples(
            st.text(_LETTERS, max_size=3), st.sampled_from("_-"), st.text(_LETTERS, max_size=3)
        ).map("".join),
    ),
    Kind.PACKAGES: st.lists(
        st.sampled_from(
            [
                *("webex_calling", "webex_meetings", "webex_suite", "cx_essentials", "webex_fax"),
                *("common_area_calling", "attendant_console", "Webex Calling", "webex-voice"),
            ]
        ),
        min_size=1,
        max_size=4,
    ).map(", ".join),
    Kind.PACKAGE: _spelling(("webex_calling", "webex_meetings", "webex_suite", "cx_essentials")),
    Kind.CHOICE: st.one_of(_spelling(("api", "form", "helpdesk")), st.text(_LETTERS, max_size=8)),
}


def strategy_for(sheet: str, key: str) -> st.SearchStrategy[Any]:
    """The catalogue's value classes of a column, or a value generated for its kind."""
    column = SHEETS_BY_NAME[sheet].column(key)
    generated = _GENERATED.get(column.kind)
    if generated is None:
        generated = _text(column.max_length)
    return st.one_of(st.sampled_from(values_for(sheet, key)), generated)
