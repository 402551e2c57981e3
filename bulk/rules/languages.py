"""Languages as the reference has them (docs/validator.md, "Field rules"): an ISO 639-1 code
(``en``) or an ISO 639-1 code and an ISO 3166-1 alpha-2 country (``en_US``), matched
case-insensitively with ``_`` or ``-`` between them, and written back canonically (``en``,
``en_US``). Anything else is refused with ``cell-invalid-language`` on both sides.
"""

from __future__ import annotations

from bulk.rules.verdicts import country_codes, language_codes

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
"""The Webex locales offered in the template's dropdown and the dashboard's forms (a selection:
any code :func:`canonical_language` accepts is valid)."""

LANGUAGE_EXAMPLE = "en, en_US, fr_CA"
"""How messages show the accepted forms."""


def canonical_language(value: str) -> str | None:
    """The canonical spelling of a language code (``en``, ``en_US``), or ``None`` when it is
    neither form."""
    parts = value.strip().replace("-", "_").split("_")
    if len(parts) > 2 or parts[0].lower() not in language_codes():
        return None
    language = parts[0].lower()
    if len(parts) == 1:
        return language
    region = parts[1].upper()
    return f"{language}_{region}" if region in country_codes() else None


__all__ = ["LANGUAGES", "LANGUAGE_EXAMPLE", "canonical_language"]
