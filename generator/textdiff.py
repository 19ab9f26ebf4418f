"""Where two long texts start and stop differing, found with slice comparisons
(``memcmp`` on blocks) rather than character by character: a spec or a module of
megabytes compares in about a millisecond."""

from __future__ import annotations

_BLOCK = 1 << 16


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix: equal blocks skipped, then a binary search in the first unequal one."""
    limit = min(len(a), len(b))
    low = 0
    while low + _BLOCK <= limit and a[low : low + _BLOCK] == b[low : low + _BLOCK]:
        low += _BLOCK
    high = min(low + _BLOCK, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def common_suffix(a: str, b: str, prefix: int) -> int:
    """Length of the common suffix, not reaching back into the common prefix."""
    limit = min(len(a), len(b)) - prefix
    low = 0
    while low + _BLOCK <= limit and a[len(a) - low - _BLOCK : len(a) - low] == b[len(b) - low - _BLOCK : len(b) - low]:
        low += _BLOCK
    high = min(low + _BLOCK, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low
