"""``offset``/``max`` paging with the reference's limits and a ``Link: <...>; rel="next"``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Request, Response

from simulator.errors import invalid

T = TypeVar("T")

MAX_OFFSET = 2**31 - 1
"""Offsets beyond this are read as this: past the end of any listing (a database integer cannot
hold every number a client may send)."""


@dataclass(frozen=True, slots=True)
class Window:
    """Which slice of a listing was asked for. ``max`` above the operation's limit is clamped, and
    an offset past :data:`MAX_OFFSET` too (the page is empty either way)."""

    offset: int
    limit: int

    @classmethod
    def parse(
        cls, offset: str | int | None, size: str | int | None, default: int, cap: int
    ) -> Window:
        """Parse the query values (the reference types some of them as strings)."""
        start = _integer("offset", offset, 0)
        count = _integer("max", size, default)
        if start < 0:
            raise invalid("offset must be 0 or more", "offset")
        if count < 1:
            raise invalid("max must be 1 or more", "max")
        return cls(min(start, MAX_OFFSET), min(count, cap))


def _integer(name: str, value: str | int | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(f"{name} must be an integer, not '{value}'", name) from None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing and whether more follow."""

    items: Sequence[T]
    window: Window
    total: int

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.window.offset + len(self.items) < self.total


def set_next_link(request: Request, response: Response, page: Page[T]) -> None:
    """Add ``Link: <next page URL>; rel="next"`` when more items follow."""
    if not page.has_next:
        return
    next_offset = page.window.offset + len(page.items)
    url = request.url.include_query_params(offset=next_offset, max=page.window.limit)
    response.headers["Link"] = f'<{url}>; rel="next"'


__all__ = [
    "MAX_OFFSET",
    "Page",
    "T",
    "Window",
    "set_next_link",
]
