"""Wire-compatibility scenarios, written once for both SDKs.

Each scenario is a call ``call(mod, client)`` where ``mod`` is the SDK package
(``cohere`` or ``cohere_sdk``) and ``client`` a client built from
``ClientSpec``. With an async client the call returns an awaitable; the driver
awaits it. Every scenario runs once with the sync and once with the async
client.

Stdlib only: this module is imported by ``driver.py`` under the reference
(Cohere) venv as well as in the pytest process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, List, Optional, Tuple

REFERENCE_MODULE = "cohere"
OURS_MODULE = "cohere_sdk"
MODES = ("sync", "async")

TOKEN = "wire-test-token"
CLIENT_NAME = "sdkforge-wire-test"


@dataclass(frozen=True)
class ClientSpec:
    """How to construct the client.

    auth: ``api_key`` (``Client(api_key=...)``), ``token`` (``token=...``: for
    Cohere this is ``BaseCohere``/``AsyncBaseCohere``, ``Client`` for ours),
    ``callable`` (``api_key=lambda: ...``) or ``env`` (``CO_API_KEY``).
    """

    auth: str = "api_key"
    token: str = TOKEN
    client_name: Optional[str] = CLIENT_NAME


@dataclass(frozen=True)
class Scenario:
    name: str
    call: Callable[[ModuleType, Any], Any]
    client: ClientSpec = field(default_factory=ClientSpec)
    # Cohere's SDK rejects the call before sending anything (e.g. ".." as an id)
    reference_rejects_locally: bool = False
    # ours percent-encodes reserved characters of path parameters so they stay
    # one segment; Cohere's SDK sends them raw. Everything else must match.
    ours_encodes_path: bool = False


def _batch(mod: ModuleType, **kw: Any) -> Any:
    return mod.batches.Batch(**kw)


SCENARIOS: List[Scenario] = [
    # --- batches
    Scenario("batches.list", lambda m, c: c.batches.list()),
    Scenario(
        "batches.list.all_params",
        lambda m, c: c.batches.list(page_size=10, page_token="tok", order_by="created_at"),
    ),
    Scenario("batches.list.page_size_only", lambda m, c: c.batches.list(page_size=1)),
    Scenario(
        "batches.list.spaces_in_query",
        lambda m, c: c.batches.list(page_token="a b&c=d", order_by="updated_at desc"),
    ),
    Scenario(
        "batches.create.request",
        lambda m, c: c.batches.create(
            request=_batch(m, name="wire-batch", input_dataset_id="ds-wire", model="command-r-08-2024")
        ),
    ),
    Scenario(
        "batches.create.request_with_optional",
        lambda m, c: c.batches.create(
            request=_batch(
                m,
                name="wire-batch-2",
                input_dataset_id="ds-wire",
                model="command-r-08-2024",
                output_dataset_id="ds-out",
            )
        ),
    ),
    Scenario(
        "batches.create.request_explicit_none",
        lambda m, c: c.batches.create(
            request=_batch(m, name="wire-batch-3", input_dataset_id="ds-wire", model="m", output_dataset_id=None)
        ),
    ),
    Scenario("batches.list.empty_string_param", lambda m, c: c.batches.list(order_by="")),
    Scenario("batches.retrieve", lambda m, c: c.batches.retrieve("b1")),
    Scenario("batches.retrieve.unknown_id", lambda m, c: c.batches.retrieve("does-not-exist")),
    Scenario("batches.retrieve.id_with_space", lambda m, c: c.batches.retrieve("b 1")),
    # reserved characters in path parameters: Cohere's SDK does not percent-encode them
    Scenario("batches.retrieve.id_with_slash", lambda m, c: c.batches.retrieve("b1/extra"), ours_encodes_path=True),
    Scenario("embed_jobs.get.id_with_colon", lambda m, c: c.embed_jobs.get("ej:1"), ours_encodes_path=True),
    Scenario("batches.cancel.id_with_unicode", lambda m, c: c.batches.cancel("lot-\u00e9")),
    Scenario("batches.retrieve.dot_dot_id", lambda m, c: c.batches.retrieve(".."), reference_rejects_locally=True),
    Scenario("batches.cancel", lambda m, c: c.batches.cancel("b1")),
    Scenario("batches.with_raw_response.list", lambda m, c: c.batches.with_raw_response.list(page_size=5)),
    Scenario("batches.with_raw_response.retrieve", lambda m, c: c.batches.with_raw_response.retrieve("b2")),
    # --- embed jobs
    Scenario("embed_jobs.list", lambda m, c: c.embed_jobs.list()),
    Scenario(
        "embed_jobs.create.required_only",
        lambda m, c: c.embed_jobs.create(model="embed-english-v3.0", dataset_id="ds-e", input_type="search_document"),
    ),
    Scenario(
        "embed_jobs.create.all_params",
        lambda m, c: c.embed_jobs.create(
            model="embed-english-v3.0",
            dataset_id="ds-e",
            input_type="classification",
            name="wire-embed",
            embedding_types=["float", "int8", "ubinary"],
            truncate="START",
        ),
    ),
    Scenario(
        "embed_jobs.create.embedding_types_tuple",
        lambda m, c: c.embed_jobs.create(
            model="embed-english-v3.0", dataset_id="ds-e", input_type="search_query", embedding_types=("binary",)
        ),
    ),
    Scenario(
        "embed_jobs.create.explicit_none",
        lambda m, c: c.embed_jobs.create(
            model="embed-english-v3.0", dataset_id="ds-e", input_type="clustering", name=None, truncate=None
        ),
    ),
    Scenario("embed_jobs.get", lambda m, c: c.embed_jobs.get("ej1")),
    Scenario("embed_jobs.get.unknown_id", lambda m, c: c.embed_jobs.get("nope")),
    Scenario("embed_jobs.cancel", lambda m, c: c.embed_jobs.cancel("ej1")),
    Scenario("embed_jobs.with_raw_response.cancel", lambda m, c: c.embed_jobs.with_raw_response.cancel("ej2")),
    # --- client construction
    Scenario("client.no_client_name", lambda m, c: c.batches.list(), ClientSpec(client_name=None)),
    Scenario("client.token_kwarg", lambda m, c: c.embed_jobs.list(), ClientSpec(auth="token", token="tok-kw")),
    Scenario("client.token_callable", lambda m, c: c.batches.retrieve("b2"), ClientSpec(auth="callable")),
    Scenario("client.env_token", lambda m, c: c.embed_jobs.get("ej2"), ClientSpec(auth="env", token="tok-env")),
]


def labels() -> List[Tuple[str, str]]:
    """(scenario name, mode) pairs in run order."""
    return [(s.name, mode) for s in SCENARIOS for mode in MODES]


def label(name: str, mode: str) -> str:
    return f"{name}[{mode}]"


_ENV_KEYS = ("CO_API_KEY", "COHERE_API_KEY", "CO_API_URL")


class _Env:
    """Temporarily set CO_API_KEY (``env`` auth) and clear the other Cohere vars."""

    def __init__(self, token: Optional[str]):
        self.token = token
        self.saved: dict = {}

    def __enter__(self) -> None:
        self.saved = {k: os.environ.pop(k, None) for k in _ENV_KEYS}
        if self.token is not None:
            os.environ["CO_API_KEY"] = self.token

    def __exit__(self, *exc: Any) -> None:
        for k in _ENV_KEYS:
            os.environ.pop(k, None)
            if self.saved.get(k) is not None:
                os.environ[k] = self.saved[k]


def make_client(mod: ModuleType, spec: ClientSpec, *, base_url: str, asynchronous: bool) -> Any:
    """Construct a client of ``mod`` (call inside ``env_for(spec)``)."""
    kwargs: dict = {"base_url": base_url}
    if spec.client_name is not None:
        kwargs["client_name"] = spec.client_name
    cls = mod.AsyncClient if asynchronous else mod.Client
    if spec.auth == "api_key":
        kwargs["api_key"] = spec.token
    elif spec.auth == "callable":
        token = spec.token
        kwargs["api_key"] = lambda: token
    elif spec.auth == "token":
        kwargs["token"] = spec.token
        if mod.__name__ == REFERENCE_MODULE:  # cohere.Client has no token=; its base class does
            import importlib

            base = importlib.import_module(f"{REFERENCE_MODULE}.base_client")
            cls = base.AsyncBaseCohere if asynchronous else base.BaseCohere
    elif spec.auth != "env":
        raise ValueError(f"unknown auth {spec.auth!r}")
    return cls(**kwargs)


def env_for(spec: ClientSpec) -> _Env:
    return _Env(spec.token if spec.auth == "env" else None)
