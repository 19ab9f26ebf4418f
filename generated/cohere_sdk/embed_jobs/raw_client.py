import typing

from ..core.api_error import error_from_response
from ..core.http_client import AsyncHttpClient, HttpClient
from ..core.http_response import AsyncHttpResponse, HttpResponse
from ..core.path import encode_path_param
from ..core.request_options import RequestOptions
from ..core.serialization import OMIT, parse_response
from ..errors import ERRORS_BY_STATUS
from ..types.create_embed_job_response import CreateEmbedJobResponse
from ..types.embed_input_type import EmbedInputType
from ..types.embed_job import EmbedJob
from ..types.embedding_type import EmbeddingType
from ..types.list_embed_job_response import ListEmbedJobResponse
from .types.create_embed_job_request_truncate import CreateEmbedJobRequestTruncate


class RawEmbedJobsClient:
    """EmbedJobs operations returning the HTTP response with the parsed data."""

    def __init__(self, *, http_client: HttpClient) -> None:
        self._http_client = http_client

    def list(
        self,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[ListEmbedJobResponse]:
        """
        List embed jobs

        Returns every embed job the caller has started.

        Parameters
        ----------
        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        HttpResponse[ListEmbedJobResponse]
            The caller's embed jobs.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = self._http_client.request(
            "v1/embed-jobs",
            method="GET",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: ListEmbedJobResponse = parse_response(
                ListEmbedJobResponse, _response
            )
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    def create(
        self,
        *,
        model: str,
        dataset_id: str,
        input_type: EmbedInputType,
        name: typing.Optional[str] = OMIT,
        embedding_types: typing.Optional[typing.Sequence[EmbeddingType]] = OMIT,
        truncate: typing.Optional[CreateEmbedJobRequestTruncate] = OMIT,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[CreateEmbedJobResponse]:
        """
        Create an embed job

        Starts an asynchronous job that embeds every entry of an `embed-input` dataset.

        When the job completes, its results are written to a new `embed-output`
        dataset holding each original entry alongside its embeddings.

        Parameters
        ----------
        model : str
            Embedding model to use, for example `embed-english-v3.0` (1024 dimensions)
            or `embed-english-light-v3.0` (384 dimensions).

        dataset_id : str
            ID of a validated dataset of type `embed-input`.

        input_type : EmbedInputType
            What the embeddings will be used for.

        name : typing.Optional[str]
            Optional name for the job.

        embedding_types : typing.Optional[typing.Sequence[EmbeddingType]]
            Embedding formats to return. Leave unset to get float embeddings only.
            Formats other than `float` need a v3 or newer model.

        truncate : typing.Optional[CreateEmbedJobRequestTruncate]
            How to shorten inputs that exceed the model's token limit:
            `START` drops tokens from the beginning, `END` drops them from the end.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        HttpResponse[CreateEmbedJobResponse]
            The job was started.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = self._http_client.request(
            "v1/embed-jobs",
            method="POST",
            json={
                "model": model,
                "dataset_id": dataset_id,
                "input_type": input_type,
                "name": name,
                "embedding_types": embedding_types,
                "truncate": truncate,
            },
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: CreateEmbedJobResponse = parse_response(
                CreateEmbedJobResponse, _response
            )
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    def get(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[EmbedJob]:
        """
        Fetch an embed job

        Returns the details of one embed job started by the caller.

        Parameters
        ----------
        id : str
            ID of the embed job to fetch.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        HttpResponse[EmbedJob]
            The requested embed job.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = self._http_client.request(
            "v1/embed-jobs/" + encode_path_param(id),
            method="GET",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: EmbedJob = parse_response(EmbedJob, _response)
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    def cancel(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[None]:
        """
        Cancel an embed job

        Stops a running embed job. Embeddings produced before cancellation are
        still billed, but no partial results are kept.

        Parameters
        ----------
        id : str
            ID of the embed job to cancel.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        HttpResponse[None]
            The job is being cancelled; the response has no body.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = self._http_client.request(
            "v1/embed-jobs/" + encode_path_param(id) + "/cancel",
            method="POST",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            return HttpResponse(response=_response, data=None)
        raise error_from_response(_response, ERRORS_BY_STATUS)


class AsyncRawEmbedJobsClient:
    """EmbedJobs operations returning the HTTP response with the parsed data."""

    def __init__(self, *, http_client: AsyncHttpClient) -> None:
        self._http_client = http_client

    async def list(
        self,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[ListEmbedJobResponse]:
        """
        List embed jobs

        Returns every embed job the caller has started.

        Parameters
        ----------
        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        AsyncHttpResponse[ListEmbedJobResponse]
            The caller's embed jobs.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = await self._http_client.request(
            "v1/embed-jobs",
            method="GET",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: ListEmbedJobResponse = parse_response(
                ListEmbedJobResponse, _response
            )
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    async def create(
        self,
        *,
        model: str,
        dataset_id: str,
        input_type: EmbedInputType,
        name: typing.Optional[str] = OMIT,
        embedding_types: typing.Optional[typing.Sequence[EmbeddingType]] = OMIT,
        truncate: typing.Optional[CreateEmbedJobRequestTruncate] = OMIT,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[CreateEmbedJobResponse]:
        """
        Create an embed job

        Starts an asynchronous job that embeds every entry of an `embed-input` dataset.

        When the job completes, its results are written to a new `embed-output`
        dataset holding each original entry alongside its embeddings.

        Parameters
        ----------
        model : str
            Embedding model to use, for example `embed-english-v3.0` (1024 dimensions)
            or `embed-english-light-v3.0` (384 dimensions).

        dataset_id : str
            ID of a validated dataset of type `embed-input`.

        input_type : EmbedInputType
            What the embeddings will be used for.

        name : typing.Optional[str]
            Optional name for the job.

        embedding_types : typing.Optional[typing.Sequence[EmbeddingType]]
            Embedding formats to return. Leave unset to get float embeddings only.
            Formats other than `float` need a v3 or newer model.

        truncate : typing.Optional[CreateEmbedJobRequestTruncate]
            How to shorten inputs that exceed the model's token limit:
            `START` drops tokens from the beginning, `END` drops them from the end.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        AsyncHttpResponse[CreateEmbedJobResponse]
            The job was started.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = await self._http_client.request(
            "v1/embed-jobs",
            method="POST",
            json={
                "model": model,
                "dataset_id": dataset_id,
                "input_type": input_type,
                "name": name,
                "embedding_types": embedding_types,
                "truncate": truncate,
            },
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: CreateEmbedJobResponse = parse_response(
                CreateEmbedJobResponse, _response
            )
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    async def get(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[EmbedJob]:
        """
        Fetch an embed job

        Returns the details of one embed job started by the caller.

        Parameters
        ----------
        id : str
            ID of the embed job to fetch.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        AsyncHttpResponse[EmbedJob]
            The requested embed job.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = await self._http_client.request(
            "v1/embed-jobs/" + encode_path_param(id),
            method="GET",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: EmbedJob = parse_response(EmbedJob, _response)
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    async def cancel(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[None]:
        """
        Cancel an embed job

        Stops a running embed job. Embeddings produced before cancellation are
        still billed, but no partial results are kept.

        Parameters
        ----------
        id : str
            ID of the embed job to cancel.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        AsyncHttpResponse[None]
            The job is being cancelled; the response has no body.

        Raises
        ------
        BadRequestError
            The request is malformed, e.g. invalid JSON, a missing required field, or conflicting fields.
        UnauthorizedError
            The API key is missing or invalid.
        ForbiddenError
            The caller lacks permission for this operation.
        NotFoundError
            The endpoint or a referenced resource (such as a model or dataset) does not exist.
        UnprocessableEntityError
            The request is well-formed JSON but its contents cannot be processed.
        TooManyRequestsError
            Too many requests; slow down and retry later.
        InvalidTokenError
            The request or response contained a blocked token.
        ClientClosedRequestError
            The client cancelled the request.
        InternalServerError
            The server hit an unexpected error.
        NotImplementedError
            The requested feature is not available.
        ServiceUnavailableError
            The service is overloaded or temporarily down.
        GatewayTimeoutError
            An upstream service took too long to answer.
        ApiError
            Any other error status.
        """
        _response = await self._http_client.request(
            "v1/embed-jobs/" + encode_path_param(id) + "/cancel",
            method="POST",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            return AsyncHttpResponse(response=_response, data=None)
        raise error_from_response(_response, ERRORS_BY_STATUS)
