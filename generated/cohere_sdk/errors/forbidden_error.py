import typing

from ..core.api_error import ApiError


class ForbiddenError(ApiError):
    """Raised when the server answers 403."""

    def __init__(
        self,
        body: typing.Any = None,
        headers: typing.Optional[typing.Dict[str, str]] = None,
    ) -> None:
        super().__init__(status_code=403, headers=headers, body=body)
