import typing

from ..core.base_model import BaseModel
from .embed_job import EmbedJob


class ListEmbedJobResponse(BaseModel):
    """
    The caller's embed jobs.
    """

    embed_jobs: typing.Optional[typing.List[EmbedJob]] = None
    """
    All embed jobs started by the caller.
    """
