"""Turning spec text into Python source text that cannot escape its place.

Every string from a spec reaches generated code through one of these: a string
literal (``pystr``), a scalar literal (``pyliteral``) or a docstring body
(``docstring``). Nothing is spliced in raw.
"""

from __future__ import annotations

import re
from typing import Optional

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def pystr(value: object) -> str:
    """A double-quoted Python string literal that evaluates to ``str(value)``.

    Quotes and backslashes are escaped and every non-printable character
    (NUL, line and paragraph separators, other controls) becomes an escape
    sequence, so the literal is always one line and always closes.
    """
    return '"' + "".join(_escape_char(ch) for ch in str(value)) + '"'


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
    """A Python literal for a JSON scalar from a spec (enum values, defaults)."""
    if isinstance(value, str):
        return pystr(value)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise TypeError(f"not a JSON scalar: {type(value).__name__}")


def docstring(text: Optional[str], indent: int = 0) -> str:
    """The body of a triple-quoted docstring, escaped so it cannot end early.

    Backslashes and quotes are escaped, control characters and unicode line
    separators dropped, lines re-indented. The caller writes the quotes.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub(" ", text)
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    pad = " " * indent
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return "\n".join(pad + line if line else "" for line in lines)


