import typing

from ...core import base_model
from .batch import Batch


class CreateBatchResponse(base_model.BaseModel):
    """
    Result of creating a batch.
    """

    batch: Batch
    """
    The newly created batch.
    """
