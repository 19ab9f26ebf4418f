"""One exception class per HTTP error status, all subclasses of ``ApiError``."""

import typing

from ..core.api_error import (
    ApiConnectionError as ApiConnectionError,
    ApiError as ApiError,
    ApiTimeoutError as ApiTimeoutError,
    ResponseParseError as ResponseParseError,
    SdkError as SdkError,
)
from ..core.waiter import WaiterTimeoutError as WaiterTimeoutError
from .bad_request_error import BadRequestError as BadRequestError
from .unauthorized_error import UnauthorizedError as UnauthorizedError
from .forbidden_error import ForbiddenError as ForbiddenError
from .not_found_error import NotFoundError as NotFoundError
from .conflict_error import ConflictError as ConflictError
from .unprocessable_entity_error import (
    UnprocessableEntityError as UnprocessableEntityError,
)
from .too_many_requests_error import TooManyRequestsError as TooManyRequestsError
from .invalid_token_error import InvalidTokenError as InvalidTokenError
from .client_closed_request_error import (
    ClientClosedRequestError as ClientClosedRequestError,
)
from .internal_server_error import InternalServerError as InternalServerError
from .not_implemented_error import NotImplementedError as NotImplementedError
from .bad_gateway_error import BadGatewayError as BadGatewayError
from .service_unavailable_error import (
    ServiceUnavailableError as ServiceUnavailableError,
)
from .gateway_timeout_error import GatewayTimeoutError as GatewayTimeoutError

ERRORS_BY_STATUS: typing.Dict[int, typing.Type[ApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: TooManyRequestsError,
    498: InvalidTokenError,
    499: ClientClosedRequestError,
    500: InternalServerError,
    501: NotImplementedError,
    502: BadGatewayError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}
"""The class raised for each status; other statuses raise ``ApiError`` itself."""

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "ResponseParseError",
    "SdkError",
    "WaiterTimeoutError",
    "BadRequestError",
    "UnauthorizedError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "TooManyRequestsError",
    "InvalidTokenError",
    "ClientClosedRequestError",
    "InternalServerError",
    "NotImplementedError",
    "BadGatewayError",
    "ServiceUnavailableError",
    "GatewayTimeoutError",
    "ERRORS_BY_STATUS",
]
