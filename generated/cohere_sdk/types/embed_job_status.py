import typing

EmbedJobStatus = typing.Union[
    typing.Literal["processing", "complete", "cancelling", "cancelled", "failed"],
    str,
]
"""Current state of the job.

Values the API does not list yet are accepted too, so a new value on the
server never breaks parsing."""
