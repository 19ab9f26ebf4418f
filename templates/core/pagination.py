"""Cursor pagination helpers behind the generated ``list_all`` methods."""

from __future__ import annotations

from typing import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    Optional,
    Sequence,
    TypeVar,
)

P = TypeVar("P")
T = TypeVar("T")


def iterate_cursor_pages(
    fetch_page: Callable[[Optional[str]], P],
    get_items: Callable[[P], Optional[Sequence[T]]],
    get_next_cursor: Callable[[P], Optional[str]],
    first_cursor: Optional[str] = None,
) -> Iterator[T]:
    """Yield every item across pages, fetching each page only when needed.

    Stops when the next cursor is None or empty, or when the server hands
    back the cursor it was just given (which would otherwise loop forever).
    """
    cursor = first_cursor
    while True:
        page = fetch_page(cursor)
        yield from get_items(page) or ()
        next_cursor = get_next_cursor(page)
        if not _should_continue(cursor, next_cursor):
            return
        cursor = next_cursor


async def aiterate_cursor_pages(
    fetch_page: Callable[[Optional[str]], Awaitable[P]],
    get_items: Callable[[P], Optional[Sequence[T]]],
    get_next_cursor: Callable[[P], Optional[str]],
    first_cursor: Optional[str] = None,
) -> AsyncIterator[T]:
    """Async twin of :func:`iterate_cursor_pages`."""
    cursor = first_cursor
    while True:
        page = await fetch_page(cursor)
        for item in get_items(page) or ():
            yield item
        next_cursor = get_next_cursor(page)
        if not _should_continue(cursor, next_cursor):
            return
        cursor = next_cursor


def _should_continue(cursor: Optional[str], next_cursor: Optional[str]) -> bool:
    return bool(next_cursor) and next_cursor != cursor
