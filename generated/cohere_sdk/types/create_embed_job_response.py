import typing

from ..core import base_model
from .api_meta import ApiMeta


class CreateEmbedJobResponse(base_model.BaseModel):
    """
    Result of starting an embed job.
    """

    job_id: str
    """
    ID of the newly started job.
    """

    meta: typing.Optional[ApiMeta] = None
    """
    Extra information about the API call.
    """
