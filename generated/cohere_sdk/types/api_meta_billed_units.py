import typing

from ..core import base_model


class ApiMetaBilledUnits(base_model.BaseModel):
    """
    Units the call was billed for.
    """

    images: typing.Optional[float] = None
    """
    Billed images.
    """

    input_tokens: typing.Optional[float] = None
    """
    Billed input tokens.
    """

    image_tokens: typing.Optional[float] = None
    """
    Billed image tokens.
    """

    output_tokens: typing.Optional[float] = None
    """
    Billed output tokens.
    """

    search_units: typing.Optional[float] = None
    """
    Billed search units.
    """

    classifications: typing.Optional[float] = None
    """
    Billed classification units.
    """

    pages: typing.Optional[float] = None
    """
    Billed parsed pages.
    """
