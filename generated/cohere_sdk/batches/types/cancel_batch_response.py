import typing

from ...core.base_model import BaseModel


class CancelBatchResponse(BaseModel):
    """
    Empty acknowledgement that a cancel request was received.
    """
