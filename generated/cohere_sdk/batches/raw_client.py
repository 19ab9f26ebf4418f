import typing

from ..core.api_error import error_from_response
from ..core.http_client import AsyncHttpClient, HttpClient
from ..core.http_response import AsyncHttpResponse, HttpResponse
from ..core.path import encode_path_param
from ..core.request_options import RequestOptions
from ..core.request_body import choose_body
from ..core.serialization import OMIT, parse_response
from ..errors import ERRORS_BY_STATUS
from .types.batch import Batch
from .types.cancel_batch_response import CancelBatchResponse
from .types.create_batch_response import CreateBatchResponse
from .types.get_batch_response import GetBatchResponse
from .types.list_batches_response import ListBatchesResponse


class RawBatchesClient:
    """Batches operations returning the HTTP response with the parsed data."""

    def __init__(self, *, http_client: HttpClient) -> None:
        self._http_client = http_client

    def list(
        self,
        *,
        page_size: typing.Optional[int] = None,
        page_token: typing.Optional[str] = None,
        order_by: typing.Optional[str] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[ListBatchesResponse]:
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
        HttpResponse[ListBatchesResponse]
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
        """
        _response = self._http_client.request(
            "v2/batches",
            method="GET",
            params={
                "page_size": page_size,
                "page_token": page_token,
                "order_by": order_by,
            },
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: ListBatchesResponse = parse_response(ListBatchesResponse, _response)
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    def create(
        self,
        *,
        request: typing.Optional[Batch] = None,
        name: str = OMIT,
        input_dataset_id: str = OMIT,
        model: str = OMIT,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[CreateBatchResponse]:
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
        HttpResponse[CreateBatchResponse]
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
        """
        _body = choose_body(
            request,
            {
                "name": name,
                "input_dataset_id": input_dataset_id,
                "model": model,
            },
            required=("name", "input_dataset_id", "model"),
            method="create",
        )
        _response = self._http_client.request(
            "v2/batches",
            method="POST",
            json=_body,
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: CreateBatchResponse = parse_response(CreateBatchResponse, _response)
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    def retrieve(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[GetBatchResponse]:
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
        HttpResponse[GetBatchResponse]
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
        """
        _response = self._http_client.request(
            "v2/batches/" + encode_path_param(id),
            method="GET",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: GetBatchResponse = parse_response(GetBatchResponse, _response)
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    def cancel(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> HttpResponse[CancelBatchResponse]:
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
        HttpResponse[CancelBatchResponse]
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
        """
        _response = self._http_client.request(
            "v2/batches/" + encode_path_param(id) + ":cancel",
            method="POST",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: CancelBatchResponse = parse_response(CancelBatchResponse, _response)
            return HttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)


class AsyncRawBatchesClient:
    """Batches operations returning the HTTP response with the parsed data."""

    def __init__(self, *, http_client: AsyncHttpClient) -> None:
        self._http_client = http_client

    async def list(
        self,
        *,
        page_size: typing.Optional[int] = None,
        page_token: typing.Optional[str] = None,
        order_by: typing.Optional[str] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[ListBatchesResponse]:
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
        AsyncHttpResponse[ListBatchesResponse]
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
        """
        _response = await self._http_client.request(
            "v2/batches",
            method="GET",
            params={
                "page_size": page_size,
                "page_token": page_token,
                "order_by": order_by,
            },
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: ListBatchesResponse = parse_response(ListBatchesResponse, _response)
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    async def create(
        self,
        *,
        request: typing.Optional[Batch] = None,
        name: str = OMIT,
        input_dataset_id: str = OMIT,
        model: str = OMIT,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[CreateBatchResponse]:
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
        AsyncHttpResponse[CreateBatchResponse]
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
        """
        _body = choose_body(
            request,
            {
                "name": name,
                "input_dataset_id": input_dataset_id,
                "model": model,
            },
            required=("name", "input_dataset_id", "model"),
            method="create",
        )
        _response = await self._http_client.request(
            "v2/batches",
            method="POST",
            json=_body,
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: CreateBatchResponse = parse_response(CreateBatchResponse, _response)
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    async def retrieve(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[GetBatchResponse]:
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
        AsyncHttpResponse[GetBatchResponse]
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
        """
        _response = await self._http_client.request(
            "v2/batches/" + encode_path_param(id),
            method="GET",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: GetBatchResponse = parse_response(GetBatchResponse, _response)
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)

    async def cancel(
        self,
        id: str,
        *,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> AsyncHttpResponse[CancelBatchResponse]:
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
        AsyncHttpResponse[CancelBatchResponse]
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
        """
        _response = await self._http_client.request(
            "v2/batches/" + encode_path_param(id) + ":cancel",
            method="POST",
            request_options=request_options,
        )
        if 200 <= _response.status_code < 300:
            _data: CancelBatchResponse = parse_response(CancelBatchResponse, _response)
            return AsyncHttpResponse(response=_response, data=_data)
        raise error_from_response(_response, ERRORS_BY_STATUS)
