import typing

from ..core import base_model
from .api_meta_api_version import ApiMetaApiVersion
from .api_meta_billed_units import ApiMetaBilledUnits
from .api_meta_tokens import ApiMetaTokens


class ApiMeta(base_model.BaseModel):
    """
    Metadata about an API call, such as version and billing.
    """

    api_version: typing.Optional[ApiMetaApiVersion] = None
    """
    Version information for the API that served the call.
    """

    billed_units: typing.Optional[ApiMetaBilledUnits] = None
    """
    Units the call was billed for.
    """

    tokens: typing.Optional[ApiMetaTokens] = None
    """
    Tokens the model actually processed.
    """

    cached_tokens: typing.Optional[float] = None
    """
    Prompt tokens served from the inference cache.
    """

    warnings: typing.Optional[typing.List[str]] = None
    """
    Warnings raised while handling the call.
    """
