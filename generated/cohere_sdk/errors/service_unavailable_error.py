import typing

from ..core.api_error import ApiError


class ServiceUnavailableError(ApiError):
    """Raised when the server answers 503."""

    def __init__(
        self,
        body: typing.Any = None,
        headers: typing.Optional[typing.Dict[str, str]] = None,
    ) -> None:
        super().__init__(status_code=503, headers=headers, body=body)
