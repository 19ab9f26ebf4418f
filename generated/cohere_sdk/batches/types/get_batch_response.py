import typing

from ...core import base_model
from .batch import Batch


class GetBatchResponse(base_model.BaseModel):
    """
    Result of fetching a batch.
    """

    batch: Batch
    """
    The requested batch.
    """
