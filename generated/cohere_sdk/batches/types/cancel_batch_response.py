import typing

CancelBatchResponse = typing.Dict[str, typing.Any]
"""Empty acknowledgement that a cancel request was received."""
