import typing

from ...core import base_model


class BatchError(base_model.BaseModel):
    """
    Body returned by the batch endpoints when a request fails.
    """

    message: typing.Optional[str] = None
    """
    Explanation of the error, aimed at developers.
    """
