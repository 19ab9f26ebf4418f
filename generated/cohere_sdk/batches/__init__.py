# Names load on first use, so importing the package stays cheap.

import typing

from ..core.lazy import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from .client import BatchesClient as BatchesClient
    from .client import AsyncBatchesClient as AsyncBatchesClient
    from .raw_client import RawBatchesClient as RawBatchesClient
    from .raw_client import AsyncRawBatchesClient as AsyncRawBatchesClient
    from .types.batch import Batch as Batch
    from .types.batch_error import BatchError as BatchError
    from .types.batch_status import BatchStatus as BatchStatus
    from .types.cancel_batch_response import CancelBatchResponse as CancelBatchResponse
    from .types.create_batch_response import CreateBatchResponse as CreateBatchResponse
    from .types.get_batch_response import GetBatchResponse as GetBatchResponse
    from .types.list_batches_response import ListBatchesResponse as ListBatchesResponse
    from . import types as types

_EXPORTS: typing.Dict[str, str] = {
    "BatchesClient": ".client",
    "AsyncBatchesClient": ".client",
    "RawBatchesClient": ".raw_client",
    "AsyncRawBatchesClient": ".raw_client",
    "Batch": ".types.batch",
    "BatchError": ".types.batch_error",
    "BatchStatus": ".types.batch_status",
    "CancelBatchResponse": ".types.cancel_batch_response",
    "CreateBatchResponse": ".types.create_batch_response",
    "GetBatchResponse": ".types.get_batch_response",
    "ListBatchesResponse": ".types.list_batches_response",
    "types": ".types",
}

__getattr__, __dir__ = _lazy_exports(__name__, globals(), _EXPORTS)

__all__ = [
    "BatchesClient",
    "AsyncBatchesClient",
    "RawBatchesClient",
    "AsyncRawBatchesClient",
    "Batch",
    "BatchError",
    "BatchStatus",
    "CancelBatchResponse",
    "CreateBatchResponse",
    "GetBatchResponse",
    "ListBatchesResponse",
    "types",
]
