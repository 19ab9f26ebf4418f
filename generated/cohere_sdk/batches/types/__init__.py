# Names load on first use, so importing the package stays cheap.

import typing

from ...core.lazy import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from .batch import Batch as Batch
    from .batch_error import BatchError as BatchError
    from .batch_status import BatchStatus as BatchStatus
    from .cancel_batch_response import CancelBatchResponse as CancelBatchResponse
    from .create_batch_response import CreateBatchResponse as CreateBatchResponse
    from .get_batch_response import GetBatchResponse as GetBatchResponse
    from .list_batches_response import ListBatchesResponse as ListBatchesResponse

_EXPORTS: typing.Dict[str, str] = {
    "Batch": ".batch",
    "BatchError": ".batch_error",
    "BatchStatus": ".batch_status",
    "CancelBatchResponse": ".cancel_batch_response",
    "CreateBatchResponse": ".create_batch_response",
    "GetBatchResponse": ".get_batch_response",
    "ListBatchesResponse": ".list_batches_response",
}

__getattr__, __dir__ = _lazy_exports(__name__, globals(), _EXPORTS)

__all__ = [
    "Batch",
    "BatchError",
    "BatchStatus",
    "CancelBatchResponse",
    "CreateBatchResponse",
    "GetBatchResponse",
    "ListBatchesResponse",
]
