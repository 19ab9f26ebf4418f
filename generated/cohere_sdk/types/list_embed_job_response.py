import typing

from ..core import base_model
from .embed_job import EmbedJob


class ListEmbedJobResponse(base_model.BaseModel):
    """
    The caller's embed jobs.
    """

    embed_jobs: typing.Optional[typing.List[EmbedJob]] = None
    """
    All embed jobs started by the caller.
    """
