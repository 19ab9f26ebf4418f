# Names load on first use, so importing the package stays cheap.

import typing

from ...core.lazy import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from .create_embed_job_request_truncate import (
        CreateEmbedJobRequestTruncate as CreateEmbedJobRequestTruncate,
    )

_EXPORTS: typing.Dict[str, str] = {
    "CreateEmbedJobRequestTruncate": ".create_embed_job_request_truncate",
}

__getattr__, __dir__ = _lazy_exports(__name__, globals(), _EXPORTS)

__all__ = [
    "CreateEmbedJobRequestTruncate",
]
