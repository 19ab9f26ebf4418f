import typing

CreateEmbedJobRequestTruncate = typing.Union[
    typing.Literal["START", "END"],
    str,
]
"""How to shorten inputs that exceed the model's token limit:
`START` drops tokens from the beginning, `END` drops them from the end.

Values the API does not list yet are accepted too, so a new value on the
server never breaks parsing."""
