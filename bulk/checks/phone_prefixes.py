"""phonenumbers' verdicts, cached per number prefix where its metadata proves it safe.

phonenumbers costs about 20 µs per number; a workbook's numbers mostly share their leading
digits. For a country code and a national number length, this module reads phonenumbers' own
metadata regexes and proves (by their structure) that the last 3 or 4 digits cannot
change the verdict: every pattern a number of that length can match ends in ``\\d{k}`` with
``k >= tail``, and the prefix regexes (national prefix, leading digits) can only look at the
digits before. Only then is a verdict cached under the number without its last digits; every
other number goes to phonenumbers. ``tests/bulk/test_phones.py`` checks on a corpus of numbers
from every region (and mutations of their last digits) that both paths agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

from bulk.rules.verdicts import E164_PATTERN as E164
from bulk.rules.verdicts import phone_valid as reference_valid

try:  # Python 3.11+ keeps the regex parser here; older ones at top level
    import re._constants as sre  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as sre
    import sre_parse

__all__ = ["CACHE_LIMIT", "E164", "TAILS", "is_valid_e164", "reference_valid", "tail_length"]

TAILS = (4, 3)
"""Trailing digit counts tried, longest first."""
CACHE_LIMIT = 500_000
_DESCS = (
    "general_desc",
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)
_LOOKING = {sre.ASSERT, sre.ASSERT_NOT, sre.AT, sre.GROUPREF, sre.GROUPREF_EXISTS}
_verdicts: dict[tuple[int, str], bool] = {}


def _is_digit(op: Any, av: Any) -> bool:
    if op is not sre.IN or len(av) != 1:
        return False
    kind, value = av[0]
    return (kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT) or (
        kind is sre.RANGE and value == (48, 57)
    )


def _width(state: Any, items: list[Any]) -> tuple[int, int]:
    low, high = sre_parse.SubPattern(state, items).getwidth()
    return int(low), int(high)


def _tail_free(state: Any, items: list[Any], k: int, n: int) -> bool:
    """Whether any length-``n`` match of ``items`` ends with ``k`` characters matched by ``\\d``
    (vacuously true when no length-``n`` string can match)."""
    while k > 0:
        low, high = _width(state, items)
        if not low <= n <= high:
            return True
        if not items:
            return False
        (op, av), items = items[-1], items[:-1]
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, body = av
            if len(body) != 1 or not _is_digit(*body[0]):
                return False
            if lo >= k or n - _width(state, items)[1] >= k:
                return True  # the repeat takes at least k of the last digits
            if lo != hi:
                return False
            k, n = k - lo, n - lo
        elif _is_digit(op, av):
            k, n = k - 1, n - 1
        elif op is sre.SUBPATTERN:
            return _tail_free(state, items + list(av[-1]), k, n)
        elif op is sre.BRANCH:
            return all(_tail_free(state, items + list(alt), k, n) for alt in av[1])
        else:
            return False
    return True


def _looks_around(items: Any) -> bool:
    for op, av in items:
        if op in _LOOKING:
            return True
        for part in av if isinstance(av, (tuple, list)) else ():
            if isinstance(part, sre_parse.SubPattern) and _looks_around(part):
                return True
            if isinstance(part, list) and any(
                isinstance(p, sre_parse.SubPattern) and _looks_around(p) for p in part
            ):
                return True
    return False


@lru_cache(maxsize=4096)
def _pattern_tail_free(pattern: str, n: int, tail: int) -> bool:
    parsed = sre_parse.parse(pattern)
    return not _looks_around(parsed) and _tail_free(parsed.state, list(parsed), tail, n)


def _alternatives(parsed: Any) -> list[list[Any]]:
    items = list(parsed)
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        return [list(alt) for alt in items[0][1][1]]
    return [items]


@lru_cache(maxsize=4096)
def _prefix_reads_at_most(pattern: str, n: int, limit: int) -> bool:
    """Whether ``re.match(pattern, national)`` on an ``n``-digit national number can only read
    its first ``limit`` digits. An alternative anchored with ``$`` matches only numbers of
    its own width, so it is dropped when that width is not ``n``."""
    parsed = sre_parse.parse(pattern)
    for alternative in _alternatives(parsed):
        if alternative and alternative[-1] == (sre.AT, sre.AT_END):
            low, high = _width(parsed.state, alternative[:-1])
            if low <= n <= high or _looks_around(alternative[:-1]):
                return False
            continue
        if _looks_around(alternative) or _width(parsed.state, alternative)[1] > limit:
            return False
    return True


def _metadata(cc: int) -> list[Any] | None:
    found = [
        PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
        for region in COUNTRY_CODE_TO_REGION_CODE.get(cc, ())
    ]
    return None if not found or any(m is None for m in found) else found


@lru_cache(maxsize=8192)
def tail_length(cc: int, n: int) -> int:
    """How many trailing digits cannot change the verdict for country code ``cc`` and national
    numbers of ``n`` digits (proved from the metadata; 0 when nothing is proved)."""
    found = _metadata(cc)
    if found is None:
        return 0
    return next((t for t in TAILS if n > t and _proved(found, n, t)), 0)


def _proved(found: list[Any], n: int, tail: int) -> bool:
    for meta in found:
        for name in _DESCS:
            desc = getattr(meta, name, None)
            pattern = getattr(desc, "national_number_pattern", None)
            if pattern is not None and not _pattern_tail_free(pattern, n, tail):
                return False
        for prefix in (meta.leading_digits, meta.national_prefix_for_parsing):
            if prefix is not None and not _prefix_reads_at_most(prefix, n, n - tail):
                return False
    return True


def _country_code(digits: str) -> int | None:
    for size in (1, 2, 3):
        if int(digits[:size]) in COUNTRY_CODE_TO_REGION_CODE:
            return int(digits[:size])
    return None


def _cacheable_tail(digits: str) -> int:
    cc = _country_code(digits)
    if cc is None:
        return 0
    national = digits[len(str(cc)) :]
    if not national or national[0] == "0":
        return 0
    tail = tail_length(cc, len(national))
    main = PhoneMetadata.metadata_for_region_or_calling_code(
        cc, phonenumbers.region_code_for_country_code(cc)
    )
    prefix = main.national_prefix_for_parsing if main is not None else None
    if tail and prefix is not None and re.match(prefix, national) is not None:
        return 0
    return tail


def is_valid_e164(text: str) -> bool:
    """Whether ``text`` is strict E.164 (``+`` and digits) and a valid number for phonenumbers;
    the same verdict as :func:`reference_valid`, cached per prefix where proved safe."""
    if not E164.fullmatch(text):
        return False
    for tail in TAILS:
        verdict = _verdicts.get((tail, text[1:-tail]))
        if verdict is not None:
            return verdict
    verdict = reference_valid(text)
    if len(_verdicts) < CACHE_LIMIT:
        tail = _cacheable_tail(text[1:])
        if tail:
            _verdicts[(tail, text[1:-tail])] = verdict
    return verdict
