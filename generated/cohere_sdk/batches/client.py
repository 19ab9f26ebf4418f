import typing

from ..core.http_client import AsyncHttpClient, HttpClient
from ..core.pagination import aiterate_cursor_pages, iterate_cursor_pages
from ..core.request_options import RequestOptions
from ..core.serialization import OMIT
from ..core.waiter import async_wait_until, wait_until
from .raw_client import AsyncRawBatchesClient, RawBatchesClient
from .types.batch import Batch
from .types.cancel_batch_response import CancelBatchResponse
from .types.create_batch_response import CreateBatchResponse
from .types.get_batch_response import GetBatchResponse
from .types.list_batches_response import ListBatchesResponse


class BatchesClient:
    """Batches operations; ``with_raw_response`` gives status and headers too."""

    def __init__(self, *, http_client: HttpClient) -> None:
        self._raw_client = RawBatchesClient(http_client=http_client)

    @property
    def with_raw_response(self) -> RawBatchesClient:
        """The same operations, returning ``HttpResponse`` (data, headers, status code)."""
        return self._raw_client

    def list(
        self,
        *,
        page_size: typing.Optional[int] = None,
        page_token: typing.Optional[str] = None,
        order_by: typing.Optional[str] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> ListBatchesResponse:
        """
        List batches

        Returns the batches owned by the caller, one page at a time.

        Parameters
        ----------
        page_size : typing.Optional[int]
            Largest number of batches to return in one page (default 50).
            Values over 1000 are treated as 1000, and the server may return fewer.

        page_token : typing.Optional[str]
            Token from a previous list call's `next_page_token`; pass it to get the following page.

        order_by : typing.Optional[str]
            Sort key for the results, either `created_at` or `updated_at`.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        ListBatchesResponse
            One page of batches.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.batches.list(
            page_size=1,
        )
        """
        _response = self._raw_client.list(
            page_size=page_size,
            page_token=page_token,
            order_by=order_by,
            request_options=request_options,
        )
        return _response.data

    def list_all(
        self,
        *,
        page_size: typing.Optional[int] = None,
        page_token: typing.Optional[str] = None,
        order_by: typing.Optional[str] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> typing.Iterator[Batch]:
        """
        Every item of every page of ``list``, fetched lazily.

        Takes the same arguments as ``list``; ``page_token``, if given,
        is where the first page starts. A page is requested only when the
        iteration reaches it, and iteration stops when the server returns no
        next ``next_page_token``.

        Returns
        -------
        typing.Iterator[Batch]
        """

        def _fetch(_cursor: typing.Optional[str]) -> ListBatchesResponse:
            return self.list(
                page_size=page_size,
                page_token=_cursor,
                order_by=order_by,
                request_options=request_options,
            )

        return iterate_cursor_pages(
            _fetch,
            lambda page: page.batches,
            lambda page: page.next_page_token,
            first_cursor=page_token,
        )

    @typing.overload
    def create(
        self,
        *,
        request: Batch,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> CreateBatchResponse: ...

    @typing.overload
    def create(
        self,
        *,
        name: str,
        input_dataset_id: str,
        model: str,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> CreateBatchResponse: ...

    def create(
        self,
        *,
        request: typing.Optional[Batch] = None,
        name: str = OMIT,
        input_dataset_id: str = OMIT,
        model: str = OMIT,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> CreateBatchResponse:
        """
        Create a batch

        Starts a new batch that runs every request in an uploaded input dataset.

        Parameters
        ----------
        request : Batch
            The whole request body; pass either this or the keyword fields below.

        name : str
            Human-readable name for the batch.

        input_dataset_id : str
            ID of the dataset holding the batch's requests.

        model : str
            Name of the model that processes the batch.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        CreateBatchResponse
            The batch was created.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.batches.create(
            name="name",
            input_dataset_id="input_dataset_id",
            model="model",
        )
        """
        _response = self._raw_client.create(
            request=request,
            name=name,
            input_dataset_id=input_dataset_id,
            model=model,
            request_options=request_options,
        )
        return _response.data

    def retrieve(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> GetBatchResponse:
        """
        Retrieve a batch

        Fetches the current state of a single batch.

        Parameters
        ----------
        id : str
            ID of the batch to fetch.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        GetBatchResponse
            The requested batch.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.batches.retrieve(
            id="id",
        )
        """
        _response = self._raw_client.retrieve(id, request_options=request_options)
        return _response.data

    def wait(
        self,
        id: str,
        *,
        poll_interval: float = 5.0,
        timeout: typing.Optional[float] = None,
        on_progress: typing.Optional[typing.Callable[[Batch], None]] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> Batch:
        """
        Poll ``retrieve`` until ``status`` is terminal, and return the result.

        Terminal values: ``BATCH_STATUS_COMPLETED``, ``BATCH_STATUS_FAILED``, ``BATCH_STATUS_CANCELED``.

        Parameters
        ----------
        id : str
            ID of the batch to fetch.
        poll_interval : float
            Seconds between polls.
        timeout : typing.Optional[float]
            Give up after this many seconds (None: wait as long as it takes).
        on_progress : typing.Optional[typing.Callable[[Batch], None]]
            Called with every polled object, e.g. to draw a progress bar.
        request_options : typing.Optional[RequestOptions]
            Applied to every poll.

        Returns
        -------
        Batch
            The first polled object whose status is terminal, whatever the outcome.

        Raises
        ------
        WaiterTimeoutError
            ``timeout`` passed first; its ``last`` attribute holds the last object seen.
        """

        def _poll() -> Batch:
            _response = self.retrieve(id, request_options=request_options)
            return _response.batch

        _terminal = (
            "BATCH_STATUS_COMPLETED",
            "BATCH_STATUS_FAILED",
            "BATCH_STATUS_CANCELED",
        )
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
    ) -> CancelBatchResponse:
        """
        Cancel a batch

        Asks the server to stop a batch that is still running.

        Parameters
        ----------
        id : str
            ID of the batch to cancel.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        CancelBatchResponse
            Cancellation was accepted.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        from cohere_sdk import Client

        client = Client(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")
        client.batches.cancel(
            id="id",
        )
        """
        _response = self._raw_client.cancel(id, request_options=request_options)
        return _response.data


class AsyncBatchesClient:
    """Batches operations; ``with_raw_response`` gives status and headers too."""

    def __init__(self, *, http_client: AsyncHttpClient) -> None:
        self._raw_client = AsyncRawBatchesClient(http_client=http_client)

    @property
    def with_raw_response(self) -> AsyncRawBatchesClient:
        """The same operations, returning ``AsyncHttpResponse`` (data, headers, status code)."""
        return self._raw_client

    async def list(
        self,
        *,
        page_size: typing.Optional[int] = None,
        page_token: typing.Optional[str] = None,
        order_by: typing.Optional[str] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> ListBatchesResponse:
        """
        List batches

        Returns the batches owned by the caller, one page at a time.

        Parameters
        ----------
        page_size : typing.Optional[int]
            Largest number of batches to return in one page (default 50).
            Values over 1000 are treated as 1000, and the server may return fewer.

        page_token : typing.Optional[str]
            Token from a previous list call's `next_page_token`; pass it to get the following page.

        order_by : typing.Optional[str]
            Sort key for the results, either `created_at` or `updated_at`.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        ListBatchesResponse
            One page of batches.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.batches.list(
                page_size=1,
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.list(
            page_size=page_size,
            page_token=page_token,
            order_by=order_by,
            request_options=request_options,
        )
        return _response.data

    def list_all(
        self,
        *,
        page_size: typing.Optional[int] = None,
        page_token: typing.Optional[str] = None,
        order_by: typing.Optional[str] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> typing.AsyncIterator[Batch]:
        """
        Every item of every page of ``list``, fetched lazily.

        Takes the same arguments as ``list``; ``page_token``, if given,
        is where the first page starts. A page is requested only when the
        iteration reaches it, and iteration stops when the server returns no
        next ``next_page_token``.

        Returns
        -------
        typing.AsyncIterator[Batch]
        """

        async def _fetch(_cursor: typing.Optional[str]) -> ListBatchesResponse:
            return await self.list(
                page_size=page_size,
                page_token=_cursor,
                order_by=order_by,
                request_options=request_options,
            )

        return aiterate_cursor_pages(
            _fetch,
            lambda page: page.batches,
            lambda page: page.next_page_token,
            first_cursor=page_token,
        )

    @typing.overload
    async def create(
        self,
        *,
        request: Batch,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> CreateBatchResponse: ...

    @typing.overload
    async def create(
        self,
        *,
        name: str,
        input_dataset_id: str,
        model: str,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> CreateBatchResponse: ...

    async def create(
        self,
        *,
        request: typing.Optional[Batch] = None,
        name: str = OMIT,
        input_dataset_id: str = OMIT,
        model: str = OMIT,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> CreateBatchResponse:
        """
        Create a batch

        Starts a new batch that runs every request in an uploaded input dataset.

        Parameters
        ----------
        request : Batch
            The whole request body; pass either this or the keyword fields below.

        name : str
            Human-readable name for the batch.

        input_dataset_id : str
            ID of the dataset holding the batch's requests.

        model : str
            Name of the model that processes the batch.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        CreateBatchResponse
            The batch was created.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.batches.create(
                name="name",
                input_dataset_id="input_dataset_id",
                model="model",
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.create(
            request=request,
            name=name,
            input_dataset_id=input_dataset_id,
            model=model,
            request_options=request_options,
        )
        return _response.data

    async def retrieve(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> GetBatchResponse:
        """
        Retrieve a batch

        Fetches the current state of a single batch.

        Parameters
        ----------
        id : str
            ID of the batch to fetch.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        GetBatchResponse
            The requested batch.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.batches.retrieve(
                id="id",
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.retrieve(id, request_options=request_options)
        return _response.data

    async def wait(
        self,
        id: str,
        *,
        poll_interval: float = 5.0,
        timeout: typing.Optional[float] = None,
        on_progress: typing.Optional[typing.Callable[[Batch], None]] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> Batch:
        """
        Poll ``retrieve`` until ``status`` is terminal, and return the result.

        Terminal values: ``BATCH_STATUS_COMPLETED``, ``BATCH_STATUS_FAILED``, ``BATCH_STATUS_CANCELED``.

        Parameters
        ----------
        id : str
            ID of the batch to fetch.
        poll_interval : float
            Seconds between polls.
        timeout : typing.Optional[float]
            Give up after this many seconds (None: wait as long as it takes).
        on_progress : typing.Optional[typing.Callable[[Batch], None]]
            Called with every polled object, e.g. to draw a progress bar.
        request_options : typing.Optional[RequestOptions]
            Applied to every poll.

        Returns
        -------
        Batch
            The first polled object whose status is terminal, whatever the outcome.

        Raises
        ------
        WaiterTimeoutError
            ``timeout`` passed first; its ``last`` attribute holds the last object seen.
        """

        async def _poll() -> Batch:
            _response = await self.retrieve(id, request_options=request_options)
            return _response.batch

        _terminal = (
            "BATCH_STATUS_COMPLETED",
            "BATCH_STATUS_FAILED",
            "BATCH_STATUS_CANCELED",
        )
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
    ) -> CancelBatchResponse:
        """
        Cancel a batch

        Asks the server to stop a batch that is still running.

        Parameters
        ----------
        id : str
            ID of the batch to cancel.

        request_options : typing.Optional[RequestOptions]
            Per-request timeout, retries and extra headers, query or body parameters.

        Returns
        -------
        CancelBatchResponse
            Cancellation was accepted.

        Raises
        ------
        BadRequestError
            The request was malformed.
        UnauthorizedError
            No valid API key was supplied.
        ForbiddenError
            The caller may not perform this action.
        NotFoundError
            The resource does not exist.
        InternalServerError
            The server hit an unexpected error.
        ServiceUnavailableError
            The service is temporarily unavailable.
        ApiError
            Any other error status.

        Examples
        --------
        import asyncio
        from cohere_sdk import AsyncClient

        client = AsyncClient(token="YOUR_TOKEN", client_name="YOUR_CLIENT_NAME")


        async def main() -> None:
            await client.batches.cancel(
                id="id",
            )


        asyncio.run(main())
        """
        _response = await self._raw_client.cancel(id, request_options=request_options)
        return _response.data
