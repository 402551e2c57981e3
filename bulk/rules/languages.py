"""Languages the workbook and the API accept: Webex locale codes."""

from __future__ import annotations

__all__ = ["LANGUAGES", "canonical_language"]

LANGUAGES: tuple[str, ...] = (
    "en_US",
    "en_GB",
    "en_AU",
    "en_CA",
    "en_IN",
    "fr_FR",
    "fr_CA",
    "de_DE",
    "nl_NL",
    "es_ES",
    "es_MX",
    "it_IT",
    "ja_JP",
    "pt_BR",
    "pt_PT",
    "sv_SE",
    "da_DK",
    "nb_NO",
    "fi_FI",
    "pl_PL",
    "ko_KR",
    "zh_CN",
    "zh_TW",
)
"""Supported language codes, as the reference's examples write them (``en_US``); matching is
case-insensitive and accepts a hyphen (``en-us``)."""

_BY_FOLDED = {code.lower(): code for code in LANGUAGES}


def canonical_language(value: str) -> str | None:
    """The canonical spelling of a language code, or ``None`` when it is not supported."""
    return _BY_FOLDED.get(value.strip().replace("-", "_").lower())
