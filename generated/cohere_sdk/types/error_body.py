import typing

from ..core import base_model


class ErrorBody(base_model.BaseModel):
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
