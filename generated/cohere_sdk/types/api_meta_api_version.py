import typing

from ..core import base_model


class ApiMetaApiVersion(base_model.BaseModel):
    """
    Version information for the API that served the call.
    """

    version: str
    """
    API version string.
    """

    is_deprecated: typing.Optional[bool] = None
    """
    Whether this API version is deprecated.
    """

    is_experimental: typing.Optional[bool] = None
    """
    Whether this API version is experimental.
    """
