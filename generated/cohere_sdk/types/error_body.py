import typing

from ..core.base_model import BaseModel


class ErrorBody(BaseModel):
    """
    Body returned by the embed-job endpoints when a request fails.
    """

    message: typing.Optional[str] = None
    """
    Explanation of the error.
    """

    id: typing.Optional[str] = None
    """
    Identifier attached to the error by the server.
    """
