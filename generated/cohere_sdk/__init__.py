"""A hand-written subset of the Cohere API covering batch jobs (v2) and
embed jobs (v1). Used by sdkforge as a generation fixture."""

# Names load on first use, so importing the package stays cheap.

import typing

from .core.lazy import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from .client import Client as Client
    from .client import AsyncClient as AsyncClient
    from .errors import BadRequestError as BadRequestError
    from .errors import UnauthorizedError as UnauthorizedError
    from .errors import ForbiddenError as ForbiddenError
    from .errors import NotFoundError as NotFoundError
    from .errors import ConflictError as ConflictError
    from .errors import UnprocessableEntityError as UnprocessableEntityError
    from .errors import TooManyRequestsError as TooManyRequestsError
    from .errors import InvalidTokenError as InvalidTokenError
    from .errors import ClientClosedRequestError as ClientClosedRequestError
    from .errors import InternalServerError as InternalServerError
    from .errors import NotImplementedError as NotImplementedError
    from .errors import BadGatewayError as BadGatewayError
    from .errors import ServiceUnavailableError as ServiceUnavailableError
    from .errors import GatewayTimeoutError as GatewayTimeoutError
    from .errors import ApiError as ApiError
    from .errors import SdkError as SdkError
    from .errors import ApiTimeoutError as ApiTimeoutError
    from .errors import ApiConnectionError as ApiConnectionError
    from .errors import WaiterTimeoutError as WaiterTimeoutError
    from .core.request_options import RequestOptions as RequestOptions
    from .batches.types.batch import Batch as Batch
    from .batches.types.batch_error import BatchError as BatchError
    from .batches.types.batch_status import BatchStatus as BatchStatus
    from .batches.types.cancel_batch_response import (
        CancelBatchResponse as CancelBatchResponse,
    )
    from .batches.types.create_batch_response import (
        CreateBatchResponse as CreateBatchResponse,
    )
    from .batches.types.get_batch_response import GetBatchResponse as GetBatchResponse
    from .batches.types.list_batches_response import (
        ListBatchesResponse as ListBatchesResponse,
    )
    from .embed_jobs.types.create_embed_job_request_truncate import (
        CreateEmbedJobRequestTruncate as CreateEmbedJobRequestTruncate,
    )
    from .types.api_meta import ApiMeta as ApiMeta
    from .types.api_meta_api_version import ApiMetaApiVersion as ApiMetaApiVersion
    from .types.api_meta_billed_units import ApiMetaBilledUnits as ApiMetaBilledUnits
    from .types.api_meta_tokens import ApiMetaTokens as ApiMetaTokens
    from .types.create_embed_job_response import (
        CreateEmbedJobResponse as CreateEmbedJobResponse,
    )
    from .types.embed_input_type import EmbedInputType as EmbedInputType
    from .types.embed_job import EmbedJob as EmbedJob
    from .types.embed_job_status import EmbedJobStatus as EmbedJobStatus
    from .types.embed_job_truncate import EmbedJobTruncate as EmbedJobTruncate
    from .types.embedding_type import EmbeddingType as EmbeddingType
    from .types.error_body import ErrorBody as ErrorBody
    from .types.list_embed_job_response import (
        ListEmbedJobResponse as ListEmbedJobResponse,
    )
    from . import batches as batches
    from . import embed_jobs as embed_jobs
    from . import errors as errors
    from . import types as types

_EXPORTS: typing.Dict[str, str] = {
    "Client": ".client",
    "AsyncClient": ".client",
    "BadRequestError": ".errors",
    "UnauthorizedError": ".errors",
    "ForbiddenError": ".errors",
    "NotFoundError": ".errors",
    "ConflictError": ".errors",
    "UnprocessableEntityError": ".errors",
    "TooManyRequestsError": ".errors",
    "InvalidTokenError": ".errors",
    "ClientClosedRequestError": ".errors",
    "InternalServerError": ".errors",
    "NotImplementedError": ".errors",
    "BadGatewayError": ".errors",
    "ServiceUnavailableError": ".errors",
    "GatewayTimeoutError": ".errors",
    "ApiError": ".errors",
    "SdkError": ".errors",
    "ApiTimeoutError": ".errors",
    "ApiConnectionError": ".errors",
    "WaiterTimeoutError": ".errors",
    "RequestOptions": ".core.request_options",
    "Batch": ".batches.types.batch",
    "BatchError": ".batches.types.batch_error",
    "BatchStatus": ".batches.types.batch_status",
    "CancelBatchResponse": ".batches.types.cancel_batch_response",
    "CreateBatchResponse": ".batches.types.create_batch_response",
    "GetBatchResponse": ".batches.types.get_batch_response",
    "ListBatchesResponse": ".batches.types.list_batches_response",
    "CreateEmbedJobRequestTruncate": ".embed_jobs.types.create_embed_job_request_truncate",
    "ApiMeta": ".types.api_meta",
    "ApiMetaApiVersion": ".types.api_meta_api_version",
    "ApiMetaBilledUnits": ".types.api_meta_billed_units",
    "ApiMetaTokens": ".types.api_meta_tokens",
    "CreateEmbedJobResponse": ".types.create_embed_job_response",
    "EmbedInputType": ".types.embed_input_type",
    "EmbedJob": ".types.embed_job",
    "EmbedJobStatus": ".types.embed_job_status",
    "EmbedJobTruncate": ".types.embed_job_truncate",
    "EmbeddingType": ".types.embedding_type",
    "ErrorBody": ".types.error_body",
    "ListEmbedJobResponse": ".types.list_embed_job_response",
    "batches": ".batches",
    "embed_jobs": ".embed_jobs",
    "errors": ".errors",
    "types": ".types",
}

__getattr__, __dir__ = _lazy_exports(__name__, globals(), _EXPORTS)

__all__ = [
    "Client",
    "AsyncClient",
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
    "ApiError",
    "SdkError",
    "ApiTimeoutError",
    "ApiConnectionError",
    "WaiterTimeoutError",
    "RequestOptions",
    "Batch",
    "BatchError",
    "BatchStatus",
    "CancelBatchResponse",
    "CreateBatchResponse",
    "GetBatchResponse",
    "ListBatchesResponse",
    "CreateEmbedJobRequestTruncate",
    "ApiMeta",
    "ApiMetaApiVersion",
    "ApiMetaBilledUnits",
    "ApiMetaTokens",
    "CreateEmbedJobResponse",
    "EmbedInputType",
    "EmbedJob",
    "EmbedJobStatus",
    "EmbedJobTruncate",
    "EmbeddingType",
    "ErrorBody",
    "ListEmbedJobResponse",
    "batches",
    "embed_jobs",
    "errors",
    "types",
]
