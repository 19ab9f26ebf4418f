import typing
import datetime

from ...core import base_model
from .batch_status import BatchStatus


class Batch(base_model.BaseModel):
    """
    A batch job that runs a dataset of requests against one model.
    """

    id: typing.Optional[str] = None
    """
    Unique ID of the batch.
    """

    name: str
    """
    Human-readable name for the batch.
    """

    creator_id: typing.Optional[str] = None
    """
    ID of the user who created the batch.
    """

    org_id: typing.Optional[str] = None
    """
    ID of the organization that owns the batch.
    """

    status: typing.Optional[BatchStatus] = None
    """
    Where the batch is in its life-cycle.
    """

    created_at: typing.Optional[datetime.datetime] = None
    """
    When the batch was created.
    """

    updated_at: typing.Optional[datetime.datetime] = None
    """
    When the batch was last updated.
    """

    input_dataset_id: str
    """
    ID of the dataset holding the batch's requests.
    """

    output_dataset_id: typing.Optional[str] = None
    """
    ID of the dataset the batch writes its results to.
    """

    input_tokens: typing.Optional[str] = None
    """
    Total input tokens consumed by the batch.
    """

    output_tokens: typing.Optional[str] = None
    """
    Total output tokens produced by the batch.
    """

    model: str
    """
    Name of the model that processes the batch.
    """

    num_records: typing.Optional[int] = None
    """
    Number of records in the batch.
    """

    num_successful_records: typing.Optional[int] = None
    """
    Number of records processed successfully so far.
    """

    num_failed_records: typing.Optional[int] = None
    """
    Number of records that have failed so far.
    """

    status_reason: typing.Optional[str] = None
    """
    Extra detail explaining the current status.
    """
