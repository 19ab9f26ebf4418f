import typing

from ..core.base_model import BaseModel
from .api_meta import ApiMeta


class CreateEmbedJobResponse(BaseModel):
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
