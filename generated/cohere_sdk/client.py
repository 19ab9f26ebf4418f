import os
import typing

import httpx

from .core.api_error import ApiError, safe_url
from .core.http_client import AsyncHttpClient, HttpClient

if typing.TYPE_CHECKING:
    from .batches.client import AsyncBatchesClient, BatchesClient
    from .embed_jobs.client import AsyncEmbedJobsClient, EmbedJobsClient


DEFAULT_BASE_URL = "https://api.cohere.com"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""60 s for a whole request, but give up sooner on a host that does not answer."""
USER_AGENT = "cohere_sdk/0.1.0"

TokenSource = typing.Union[str, typing.Callable[[], str]]


class MissingCredentialsError(ApiError):
    """No token was passed and CO_API_KEY is not set.

    An ``ApiError`` (with no status code) so code written for other SDKs of this
    API, which raise ``ApiError`` here, keeps working.
    """

    def __init__(self, message: str) -> None:
        super().__init__(body=message)
        self.explanation = message

    def __str__(self) -> str:
        return self.explanation


def _pick_token(
    token: typing.Optional[TokenSource], api_key: typing.Optional[TokenSource]
) -> TokenSource:
    if token is not None and api_key is not None:
        raise TypeError("pass token= or its alias api_key=, not both")
    chosen = token if token is not None else api_key
    if chosen is None:
        chosen = os.environ.get("CO_API_KEY") or None
    if chosen is None:
        raise MissingCredentialsError(
            "no API token: pass token=... or set the CO_API_KEY environment variable"
        )
    return chosen


class _ClientBase:
    def __init__(
        self,
        *,
        token: typing.Optional[TokenSource],
        api_key: typing.Optional[TokenSource],
        base_url: typing.Optional[str],
        client_name: typing.Optional[str],
        headers: typing.Optional[typing.Dict[str, str]],
    ) -> None:
        self._token = _pick_token(token, api_key)
        self._base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._fixed_headers: typing.Dict[str, str] = {"User-Agent": USER_AGENT}
        if client_name is not None:
            self._fixed_headers["X-Client-Name"] = client_name
        self._fixed_headers.update(headers or {})

    def _headers(self) -> typing.Dict[str, str]:
        """Headers for every request; a token callable is asked again each time."""
        headers = dict(self._fixed_headers)
        token = self._token() if callable(self._token) else self._token
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        return headers

    def __repr__(self) -> str:
        # No userinfo, query or fragment: a password or key may sit there.
        return f"{type(self).__name__}(base_url={safe_url(self._base_url)!r})"


class Client(_ClientBase):
    """Client for Cohere API: batches and embed jobs.

    Parameters
    ----------
    token : str or callable returning str, optional
        API token sent as a bearer token; defaults to the
        ``CO_API_KEY`` environment variable, read when the client is made.
    api_key : str or callable returning str, optional
        Alias of ``token``.
    base_url : str, optional
        Defaults to ``https://api.cohere.com``.
    client_name : str, optional
        Sent as the ``X-Client-Name`` header on every request.
    headers : dict, optional
        Extra headers sent on every request.
    timeout : float, optional
        Seconds before a request times out. Defaults to 60 (10 to connect),
        or to the timeout of ``httpx_client`` when one is given.
    max_retries : int, optional
        Retries of failed requests (timeouts, connection errors, 408, 409,
        429 and 5xx); defaults to 2.
    httpx_client : httpx.Client, optional
        A client of your own (proxies, TLS, transports). You keep ownership:
        closing this client does not close it.
    """

    def __init__(
        self,
        *,
        token: typing.Optional[TokenSource] = None,
        api_key: typing.Optional[TokenSource] = None,
        base_url: typing.Optional[str] = None,
        client_name: typing.Optional[str] = None,
        headers: typing.Optional[typing.Dict[str, str]] = None,
        timeout: typing.Optional[float] = None,
        max_retries: typing.Optional[int] = None,
        httpx_client: typing.Optional[httpx.Client] = None,
    ) -> None:
        super().__init__(
            token=token,
            api_key=api_key,
            base_url=base_url,
            client_name=client_name,
            headers=headers,
        )
        self._owns_httpx_client = httpx_client is None
        self._httpx_client = httpx_client or httpx.Client(timeout=DEFAULT_TIMEOUT)
        self._http_client = HttpClient(
            httpx_client=self._httpx_client,
            base_url=self._base_url,
            base_headers=self._headers,
            timeout=timeout,
            max_retries=2 if max_retries is None else max_retries,
        )
        self._batches: typing.Optional[BatchesClient] = None
        self._embed_jobs: typing.Optional[EmbedJobsClient] = None

    @property
    def batches(self) -> "BatchesClient":
        if self._batches is None:
            from .batches.client import BatchesClient

            self._batches = BatchesClient(http_client=self._http_client)
        return self._batches

    @property
    def embed_jobs(self) -> "EmbedJobsClient":
        if self._embed_jobs is None:
            from .embed_jobs.client import EmbedJobsClient

            self._embed_jobs = EmbedJobsClient(http_client=self._http_client)
        return self._embed_jobs

    def close(self) -> None:
        """Release the connection pool (unless the httpx client is the caller's)."""
        if self._owns_httpx_client:
            self._httpx_client.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(_ClientBase):
    """Asynchronous client for Cohere API: batches and embed jobs.

    Parameters
    ----------
    token : str or callable returning str, optional
        API token sent as a bearer token; defaults to the
        ``CO_API_KEY`` environment variable, read when the client is made.
    api_key : str or callable returning str, optional
        Alias of ``token``.
    base_url : str, optional
        Defaults to ``https://api.cohere.com``.
    client_name : str, optional
        Sent as the ``X-Client-Name`` header on every request.
    headers : dict, optional
        Extra headers sent on every request.
    timeout : float, optional
        Seconds before a request times out. Defaults to 60 (10 to connect),
        or to the timeout of ``httpx_client`` when one is given.
    max_retries : int, optional
        Retries of failed requests (timeouts, connection errors, 408, 409,
        429 and 5xx); defaults to 2.
    httpx_client : httpx.AsyncClient, optional
        A client of your own (proxies, TLS, transports). You keep ownership:
        closing this client does not close it.
    """

    def __init__(
        self,
        *,
        token: typing.Optional[TokenSource] = None,
        api_key: typing.Optional[TokenSource] = None,
        base_url: typing.Optional[str] = None,
        client_name: typing.Optional[str] = None,
        headers: typing.Optional[typing.Dict[str, str]] = None,
        timeout: typing.Optional[float] = None,
        max_retries: typing.Optional[int] = None,
        httpx_client: typing.Optional[httpx.AsyncClient] = None,
    ) -> None:
        super().__init__(
            token=token,
            api_key=api_key,
            base_url=base_url,
            client_name=client_name,
            headers=headers,
        )
        self._owns_httpx_client = httpx_client is None
        self._httpx_client = httpx_client or httpx.AsyncClient(timeout=DEFAULT_TIMEOUT)
        self._http_client = AsyncHttpClient(
            httpx_client=self._httpx_client,
            base_url=self._base_url,
            base_headers=self._headers,
            timeout=timeout,
            max_retries=2 if max_retries is None else max_retries,
        )
        self._batches: typing.Optional[AsyncBatchesClient] = None
        self._embed_jobs: typing.Optional[AsyncEmbedJobsClient] = None

    @property
    def batches(self) -> "AsyncBatchesClient":
        if self._batches is None:
            from .batches.client import AsyncBatchesClient

            self._batches = AsyncBatchesClient(http_client=self._http_client)
        return self._batches

    @property
    def embed_jobs(self) -> "AsyncEmbedJobsClient":
        if self._embed_jobs is None:
            from .embed_jobs.client import AsyncEmbedJobsClient

            self._embed_jobs = AsyncEmbedJobsClient(http_client=self._http_client)
        return self._embed_jobs

    async def close(self) -> None:
        """Release the connection pool (unless the httpx client is the caller's)."""
        if self._owns_httpx_client:
            await self._httpx_client.aclose()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
