import typing

from ...core.base_model import BaseModel
from .batch import Batch


class GetBatchResponse(BaseModel):
    """
    Result of fetching a batch.
    """

    batch: Batch
    """
    The requested batch.
    """
