# Names load on first use, so importing the package stays cheap.

import typing

from ..core.lazy import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from .api_meta import ApiMeta as ApiMeta
    from .api_meta_api_version import ApiMetaApiVersion as ApiMetaApiVersion
    from .api_meta_billed_units import ApiMetaBilledUnits as ApiMetaBilledUnits
    from .api_meta_tokens import ApiMetaTokens as ApiMetaTokens
    from .create_embed_job_response import (
        CreateEmbedJobResponse as CreateEmbedJobResponse,
    )
    from .embed_input_type import EmbedInputType as EmbedInputType
    from .embed_job import EmbedJob as EmbedJob
    from .embed_job_status import EmbedJobStatus as EmbedJobStatus
    from .embed_job_truncate import EmbedJobTruncate as EmbedJobTruncate
    from .embedding_type import EmbeddingType as EmbeddingType
    from .error_body import ErrorBody as ErrorBody
    from .list_embed_job_response import ListEmbedJobResponse as ListEmbedJobResponse

_EXPORTS: typing.Dict[str, str] = {
    "ApiMeta": ".api_meta",
    "ApiMetaApiVersion": ".api_meta_api_version",
    "ApiMetaBilledUnits": ".api_meta_billed_units",
    "ApiMetaTokens": ".api_meta_tokens",
    "CreateEmbedJobResponse": ".create_embed_job_response",
    "EmbedInputType": ".embed_input_type",
    "EmbedJob": ".embed_job",
    "EmbedJobStatus": ".embed_job_status",
    "EmbedJobTruncate": ".embed_job_truncate",
    "EmbeddingType": ".embedding_type",
    "ErrorBody": ".error_body",
    "ListEmbedJobResponse": ".list_embed_job_response",
}

__getattr__, __dir__ = _lazy_exports(__name__, globals(), _EXPORTS)

__all__ = [
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
]
