# Names load on first use, so importing the package stays cheap.

import importlib
import typing

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


def __getattr__(name: str) -> typing.Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(module_name, __name__)
    value = module if module_name == "." + name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> typing.List[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "Batch",
    "BatchError",
    "BatchStatus",
    "CancelBatchResponse",
    "CreateBatchResponse",
    "GetBatchResponse",
    "ListBatchesResponse",
]
