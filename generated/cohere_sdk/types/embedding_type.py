import typing

EmbeddingType = typing.Union[
    typing.Literal["float", "int8", "uint8", "binary", "ubinary", "base64"],
    str,
]
"""A numeric format in which embeddings can be returned.

Values the API does not list yet are accepted too, so a new value on the
server never breaks parsing."""
