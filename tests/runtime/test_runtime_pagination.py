"""Cursor pagination helpers."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Tuple

import pytest

Page = Tuple[Optional[List[int]], Optional[str]]


class FakeApi:
    def __init__(self, pages: Dict[Optional[str], Page]) -> None:
        self.pages = pages
        self.fetched: List[Optional[str]] = []

    def fetch(self, cursor: Optional[str]) -> Page:
        self.fetched.append(cursor)
        return self.pages[cursor]

    async def afetch(self, cursor: Optional[str]) -> Page:
        return self.fetch(cursor)


def items(page: Page) -> Optional[List[int]]:
    return page[0]


def next_cursor(page: Page) -> Optional[str]:
    return page[1]


def collect(
    core: Any, mode: str, api: FakeApi, first: Optional[str] = None
) -> List[int]:
    pagination = core.pagination
    if mode == "sync":
        return list(
            pagination.iterate_cursor_pages(api.fetch, items, next_cursor, first)
        )

    async def run() -> List[int]:
        iterator = pagination.aiterate_cursor_pages(
            api.afetch, items, next_cursor, first
        )
        return [item async for item in iterator]

    return asyncio.run(run())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
def test_follows_cursors_until_none(core: Any, mode: str) -> None:
    api = FakeApi({None: ([1, 2], "c2"), "c2": ([3], "c3"), "c3": ([4], None)})

    assert collect(core, mode, api) == [1, 2, 3, 4]
    assert api.fetched == [None, "c2", "c3"]


@MODES
def test_stops_on_empty_cursor(core: Any, mode: str) -> None:
    api = FakeApi({None: ([1], "c2"), "c2": ([2], "")})

    assert collect(core, mode, api) == [1, 2]
    assert api.fetched == [None, "c2"]


@MODES
def test_stops_on_repeated_cursor(core: Any, mode: str) -> None:
    api = FakeApi({None: ([1], "c2"), "c2": ([2], "c2")})

    assert collect(core, mode, api) == [1, 2]
    assert api.fetched == [None, "c2"]


@MODES
def test_first_cursor_and_missing_items(core: Any, mode: str) -> None:
    api = FakeApi({"start": (None, "c2"), "c2": ([], "c3"), "c3": ([9], None)})

    assert collect(core, mode, api, first="start") == [9]
    assert api.fetched == ["start", "c2", "c3"]


def test_pages_are_fetched_lazily(core: Any) -> None:
    api = FakeApi({None: ([1, 2], "c2"), "c2": ([3], None)})

    iterator = core.pagination.iterate_cursor_pages(api.fetch, items, next_cursor)
    assert api.fetched == []
    assert next(iterator) == 1 and next(iterator) == 2
    assert api.fetched == [None]
    assert next(iterator) == 3
    assert api.fetched == [None, "c2"]
