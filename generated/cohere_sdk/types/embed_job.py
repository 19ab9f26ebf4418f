import typing
import datetime

from ..core import base_model
from .api_meta import ApiMeta
from .embed_job_status import EmbedJobStatus
from .embed_job_truncate import EmbedJobTruncate


class EmbedJob(base_model.BaseModel):
    """
    An asynchronous job that embeds a dataset.
    """

    job_id: str
    """
    Unique ID of the embed job.
    """

    name: typing.Optional[str] = None
    """
    Name given to the job when it was created.
    """

    status: EmbedJobStatus
    """
    Current state of the job.
    """

    created_at: datetime.datetime
    """
    When the job was created.
    """

    input_dataset_id: str
    """
    ID of the dataset being embedded.
    """

    output_dataset_id: typing.Optional[str] = None
    """
    ID of the dataset holding the results, once available.
    """

    model: str
    """
    Embedding model used by the job.
    """

    truncate: EmbedJobTruncate
    """
    How over-long inputs were truncated.
    """

    meta: typing.Optional[ApiMeta] = None
    """
    Extra information about the API call.
    """
