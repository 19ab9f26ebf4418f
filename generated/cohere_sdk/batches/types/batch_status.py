import typing

BatchStatus = typing.Union[
    typing.Literal[
        "BATCH_STATUS_UNSPECIFIED",
        "BATCH_STATUS_QUEUED",
        "BATCH_STATUS_IN_PROGRESS",
        "BATCH_STATUS_CANCELING",
        "BATCH_STATUS_COMPLETED",
        "BATCH_STATUS_FAILED",
        "BATCH_STATUS_CANCELED",
    ],
    str,
]
"""Life-cycle stage of a batch:
- `BATCH_STATUS_QUEUED` / `BATCH_STATUS_IN_PROGRESS`: waiting or running.
- `BATCH_STATUS_CANCELING`: a cancel was requested and is underway.
- `BATCH_STATUS_COMPLETED`, `BATCH_STATUS_FAILED`, `BATCH_STATUS_CANCELED`: finished.
- `BATCH_STATUS_UNSPECIFIED`: no status set.

Values the API does not list yet are accepted too, so a new value on the
server never breaks parsing."""
