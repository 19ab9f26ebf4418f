"""Errors the generator reports to its user, each naming file, line and JSON path."""

from __future__ import annotations

from typing import NamedTuple, Optional, Sequence, Union

PathPart = Union[str, int]


def json_pointer(path: Sequence[PathPart]) -> str:
    """``("paths", "/v2/batches", "get")`` → ``#/paths/~1v2~1batches/get`` (RFC 6901)."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in path)
    return "#/" + "/".join(escaped)


class Location(NamedTuple):
    file: str
    line: Optional[int]
    path: tuple[PathPart, ...]

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {json_pointer(self.path)}" if self.path else where


class SpecError(Exception):
    """The spec cannot be generated; the CLI prints it and exits with code 2."""

    def __init__(self, message: str, location: Optional[Location] = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"
