import typing

from ..core.api_error import ApiError


class UnprocessableEntityError(ApiError):
    """Raised when the server answers 422."""

    def __init__(
        self,
        body: typing.Any = None,
        headers: typing.Optional[typing.Dict[str, str]] = None,
    ) -> None:
        super().__init__(status_code=422, headers=headers, body=body)
