"""Turning spec text into Python source text that cannot escape its place.

Every string from a spec reaches generated code through one of these: a string
literal (``pystr``), a scalar literal (``pyliteral``) or a docstring body
(``docstring``). Nothing is spliced in raw.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Optional

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def pystr(value: object) -> str:
    """A double-quoted Python string literal that evaluates to ``str(value)``.

    Quotes and backslashes are escaped and every non-printable character
    (NUL, line and paragraph separators, other controls) becomes an escape
    sequence, so the literal is always one line and always closes.
    """
    text = str(value)
    if text.isprintable():  # the common case, 4x faster than going character by character
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return '"' + "".join(_escape_char(ch) for ch in text) + '"'


def _escape_char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def pyliteral(value: object) -> str:
    """A Python literal for a JSON scalar from a spec (enum values, defaults).

    YAML's ``.inf`` and ``.nan`` have no literal: they become ``float("...")``
    calls, the one place a generated literal names a builtin.
    """
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value!r}")'
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise TypeError(f"not a JSON scalar: {type(value).__name__}")


_SURROGATE = re.compile(r"[\ud800-\udfff]")
_QUOTES_THAT_COULD_CLOSE = re.compile(r'"{3,}|"+$')


@lru_cache(maxsize=1 << 15)  # pure; a description shows in several places (OpenAI: 21,000 calls, 6,200 texts)
def docstring(text: Optional[str], indent: int = 0) -> str:
    """The body of a triple-quoted docstring, escaped so it cannot end early.

    The text is cleaned first (CR and CRLF become newlines, control characters
    and unicode line separators spaces, trailing spaces and outer blank lines
    go), then escaped: backslashes doubled, a lone surrogate (possible in JSON,
    impossible in a UTF-8 file) written as its escape, and every quote of a run
    of three or of a run at the very end escaped, so no quotes in the body can
    close the docstring. Lines are re-indented; the caller writes the quotes.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    text = text.replace("\\", "\\\\")
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = _QUOTES_THAT_COULD_CLOSE.sub(lambda m: '\\"' * len(m.group()), text)
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in text.split("\n"))
