import typing

EmbedJobTruncate = typing.Union[
    typing.Literal["START", "END"],
    str,
]
"""How over-long inputs were truncated.

Values the API does not list yet are accepted too, so a new value on the
server never breaks parsing."""
