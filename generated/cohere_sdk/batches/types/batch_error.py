import typing

from ...core.base_model import BaseModel


class BatchError(BaseModel):
    """
    Body returned by the batch endpoints when a request fails.
    """

    message: typing.Optional[str] = None
    """
    Explanation of the error, aimed at developers.
    """
