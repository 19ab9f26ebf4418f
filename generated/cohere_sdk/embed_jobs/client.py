import typing

from ..core.http_client import AsyncHttpClient, HttpClient
from ..core.request_options import RequestOptions
from ..core.serialization import OMIT
from ..core.waiter import async_wait_until, wait_until
from .raw_client import AsyncRawEmbedJobsClient, RawEmbedJobsClient
from ..types.create_embed_job_response import CreateEmbedJobResponse
from ..types.embed_input_type import EmbedInputType
from ..types.embed_job import EmbedJob
from ..types.embedding_type import EmbeddingType
from ..types.list_embed_job_response import ListEmbedJobResponse
from .types.create_embed_job_request_truncate import CreateEmbedJobRequestTruncate


class EmbedJobsClient:
    """EmbedJobs operations; ``with_raw_response`` gives status and headers too."""

    def __init__(self, *, http_client: HttpClient) -> None:
        self._raw_client = RawEmbedJobsClient(http_client=http_client)

    @property
    def with_raw_response(self) -> RawEmbedJobsClient:
        """The same operations, returning ``HttpResponse`` (data, headers, status code)."""
        return self._raw_client

    def list(
        self,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> ListEmbedJobResponse:
        """
        List embed jobs

        Returns every embed job the caller has started.

        Parameters
        ----------
        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        ListEmbedJobResponse
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

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.embed_jobs.list()
        """
        _response = self._raw_client.list(request_options=request_options)
        return _response.data

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
    ) -> CreateEmbedJobResponse:
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
        CreateEmbedJobResponse
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

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.embed_jobs.create(
            model="model",
            dataset_id="dataset_id",
            input_type="search_document",
        )
        """
        _response = self._raw_client.create(
            model=model,
            dataset_id=dataset_id,
            input_type=input_type,
            name=name,
            embedding_types=embedding_types,
            truncate=truncate,
            request_options=request_options,
        )
        return _response.data

    def get(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> EmbedJob:
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
        EmbedJob
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

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.embed_jobs.get(
            id="id",
        )
        """
        _response = self._raw_client.get(id, request_options=request_options)
        return _response.data

    def wait(
        self,
        id: str,
        *,
        poll_interval: float = 5.0,
        timeout: typing.Optional[float] = None,
        on_progress: typing.Optional[typing.Callable[[EmbedJob], None]] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> EmbedJob:
        """
        Poll ``get`` until ``status`` is terminal, and return the result.

        Terminal values: ``complete``, ``cancelled``, ``failed``.

        Parameters
        ----------
        id : str
            ID of the embed job to fetch.
        poll_interval : float
            Seconds between polls.
        timeout : typing.Optional[float]
            Give up after this many seconds (None: wait as long as it takes).
        on_progress : typing.Optional[typing.Callable[[EmbedJob], None]]
            Called with every polled object, e.g. to draw a progress bar.
        request_options : typing.Optional[RequestOptions]
            Applied to every poll.

        Returns
        -------
        EmbedJob
            The first polled object whose status is terminal, whatever the outcome.

        Raises
        ------
        WaiterTimeoutError
            ``timeout`` passed first; its ``last`` attribute holds the last object seen.
        """

        def _poll() -> EmbedJob:
            _response = self.get(id, request_options=request_options)
            return _response

        _terminal = ("complete", "cancelled", "failed")
        return wait_until(
            _poll,
            lambda _result: _result.status in _terminal,
            poll_interval=poll_interval,
            timeout=timeout,
            on_progress=on_progress,
        )

    def cancel(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> None:
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
        None
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

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.embed_jobs.cancel(
            id="id",
        )
        """
        _response = self._raw_client.cancel(id, request_options=request_options)
        return _response.data


class AsyncEmbedJobsClient:
    """EmbedJobs operations; ``with_raw_response`` gives status and headers too."""

    def __init__(self, *, http_client: AsyncHttpClient) -> None:
        self._raw_client = AsyncRawEmbedJobsClient(http_client=http_client)

    @property
    def with_raw_response(self) -> AsyncRawEmbedJobsClient:
        """The same operations, returning ``AsyncHttpResponse`` (data, headers, status code)."""
        return self._raw_client

    async def list(
        self,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> ListEmbedJobResponse:
        """
        List embed jobs

        Returns every embed job the caller has started.

        Parameters
        ----------
        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        ListEmbedJobResponse
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

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.embed_jobs.list()


        asyncio.run(main())
        """
        _response = await self._raw_client.list(request_options=request_options)
        return _response.data

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
    ) -> CreateEmbedJobResponse:
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
        CreateEmbedJobResponse
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

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.embed_jobs.create(
                model="model",
                dataset_id="dataset_id",
                input_type="search_document",
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.create(
            model=model,
            dataset_id=dataset_id,
            input_type=input_type,
            name=name,
            embedding_types=embedding_types,
            truncate=truncate,
            request_options=request_options,
        )
        return _response.data

    async def get(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> EmbedJob:
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
        EmbedJob
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

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.embed_jobs.get(
                id="id",
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.get(id, request_options=request_options)
        return _response.data

    async def wait(
        self,
        id: str,
        *,
        poll_interval: float = 5.0,
        timeout: typing.Optional[float] = None,
        on_progress: typing.Optional[typing.Callable[[EmbedJob], None]] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> EmbedJob:
        """
        Poll ``get`` until ``status`` is terminal, and return the result.

        Terminal values: ``complete``, ``cancelled``, ``failed``.

        Parameters
        ----------
        id : str
            ID of the embed job to fetch.
        poll_interval : float
            Seconds between polls.
        timeout : typing.Optional[float]
            Give up after this many seconds (None: wait as long as it takes).
        on_progress : typing.Optional[typing.Callable[[EmbedJob], None]]
            Called with every polled object, e.g. to draw a progress bar.
        request_options : typing.Optional[RequestOptions]
            Applied to every poll.

        Returns
        -------
        EmbedJob
            The first polled object whose status is terminal, whatever the outcome.

        Raises
        ------
        WaiterTimeoutError
            ``timeout`` passed first; its ``last`` attribute holds the last object seen.
        """

        async def _poll() -> EmbedJob:
            _response = await self.get(id, request_options=request_options)
            return _response

        _terminal = ("complete", "cancelled", "failed")
        return await async_wait_until(
            _poll,
            lambda _result: _result.status in _terminal,
            poll_interval=poll_interval,
            timeout=timeout,
            on_progress=on_progress,
        )

    async def cancel(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> None:
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
        None
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

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.embed_jobs.cancel(
                id="id",
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.cancel(id, request_options=request_options)
        return _response.data
