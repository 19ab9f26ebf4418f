import typing

from ..core.api_error import ApiError


class BadRequestError(ApiError):
    """Raised when the server answers 400."""

    def __init__(
        self,
        body: typing.Any = None,
        headers: typing.Optional[typing.Dict[str, str]] = None,
    ) -> None:
        super().__init__(status_code=400, headers=headers, body=body)
