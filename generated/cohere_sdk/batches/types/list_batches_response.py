import typing

from ...core import base_model
from .batch import Batch


class ListBatchesResponse(base_model.BaseModel):
    """
    One page of results from listing batches.
    """

    batches: typing.Optional[typing.List[Batch]] = None
    """
    Batches on this page.
    """

    next_page_token: typing.Optional[str] = None
    """
    Pass as `page_token` to get the next page; absent on the last page.
    """
