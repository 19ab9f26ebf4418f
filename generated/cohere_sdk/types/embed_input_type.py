import typing

EmbedInputType = typing.Union[
    typing.Literal[
        "search_document", "search_query", "classification", "clustering", "image"
    ],
    str,
]
"""Intended use of the embeddings (required for v3+ models):
- `search_document`: documents stored in a vector index.
- `search_query`: queries searched against that index.
- `classification`: inputs to a text classifier.
- `clustering`: inputs to a clustering algorithm.
- `image`: image inputs.

Values the API does not list yet are accepted too, so a new value on the
server never breaks parsing."""
