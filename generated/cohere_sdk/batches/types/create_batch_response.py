import typing

from ...core.base_model import BaseModel
from .batch import Batch


class CreateBatchResponse(BaseModel):
    """
    Result of creating a batch.
    """

    batch: Batch
    """
    The newly created batch.
    """
