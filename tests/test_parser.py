"""Spec → IR decisions: grouping, naming, body forms, extensions, errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from generator import ir
from generator.errors import SpecError
from generator.loader import Document
from generator.parser import build_api
from tests.goldens import REPO_ROOT


def api_from(spec: dict | str, package: str = "sdk") -> ir.Api:
    text = textwrap.dedent(spec) if isinstance(spec, str) else yaml.safe_dump(spec, sort_keys=False)
    return build_api(Document(path=Path("spec.yaml"), text=text, data=yaml.safe_load(text)), package)


def cohere_api() -> ir.Api:
    path = REPO_ROOT / "specs" / "cohere.yaml"
    text = path.read_text()
    return build_api(Document(path=path, text=text, data=yaml.safe_load(text)), "cohere_sdk")


def operation(api: ir.Api, resource: str, name: str) -> ir.Operation:
    res = next(r for r in api.resources if r.name == resource)
    return next(o for o in res.operations if o.name == name)


def minimal(paths: dict, **extra) -> dict:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


OK = {"200": {"description": "ok"}}


def test_cohere_resources_and_methods_come_from_fern_extensions():
    api = cohere_api()
    assert [r.name for r in api.resources] == ["batches", "embed_jobs"]
    assert [o.name for o in api.resources[0].operations] == ["list", "create", "retrieve", "cancel"]
    assert [o.name for o in api.resources[1].operations] == ["list", "create", "get", "cancel"]
    assert api.resources[1].class_prefix == "EmbedJobs"


def test_cohere_models_live_where_cohere_sdk_puts_them():
    modules = {m.name: m.module for m in cohere_api().models}
    assert modules["Batch"] == "batches.types.batch"
    assert modules["BatchStatus"] == "batches.types.batch_status"
    assert modules["EmbedJob"] == "types.embed_job"
    assert modules["EmbedJobStatus"] == "types.embed_job_status"
    assert modules["EmbedJobTruncate"] == "types.embed_job_truncate"
    assert modules["ApiMetaApiVersion"] == "types.api_meta_api_version"
    assert modules["CreateEmbedJobRequestTruncate"] == "embed_jobs.types.create_embed_job_request_truncate"
    assert "CreateEmbedJobRequest" not in modules  # used only as a request body: flattened


def test_batch_has_sixteen_fields_three_required():
    batch = next(m for m in cohere_api().models if m.name == "Batch")
    assert len(batch.fields) == 16
    assert {f.name for f in batch.fields if f.required} == {"name", "input_dataset_id", "model"}
    tokens = next(f for f in batch.fields if f.name == "input_tokens")
    assert tokens.type.annotation == "typing.Optional[str]"  # int64 carried as a string


def test_body_that_is_also_a_model_offers_both_forms_without_read_only_fields():
    create = operation(cohere_api(), "batches", "create")
    assert create.body.offers_both_forms
    assert create.body.model == ir.TypeRef("model", name="Batch")
    assert [f.name for f in create.body.fields] == ["name", "input_dataset_id", "model"]


def test_request_only_body_is_flattened():
    create = operation(cohere_api(), "embed_jobs", "create")
    assert create.body.model is None
    assert [(f.name, f.required) for f in create.body.fields] == [
        ("model", True),
        ("dataset_id", True),
        ("input_type", True),
        ("name", False),
        ("embedding_types", False),
        ("truncate", False),
    ]


def test_global_header_is_a_client_argument_not_a_method_argument():
    api = cohere_api()
    assert [(h.name, h.wire_name) for h in api.global_headers] == [("client_name", "X-Client-Name")]
    for resource in api.resources:
        for op in resource.operations:
            assert all(p.wire_name != "X-Client-Name" for p in op.parameters)


def test_auth_env_and_error_classes():
    api = cohere_api()
    assert api.auth == ir.Auth(env="CO_API_KEY")
    statuses = {e.status: e.class_name for e in api.errors}
    for status, name in {498: "InvalidTokenError", 499: "ClientClosedRequestError", 501: "NotImplementedError", 409: "ConflictError"}.items():
        assert statuses[status] == name


def test_pagination_and_waiter_extensions():
    api = cohere_api()
    listing = operation(api, "batches", "list")
    assert listing.pagination == ir.Pagination(
        cursor_parameter="page_token",
        next_cursor_field="next_page_token",
        items_field="batches",
        item_type=ir.TypeRef("model", name="Batch"),
    )
    waiter = operation(api, "batches", "retrieve").waiter
    assert waiter.result_field == "batch" and waiter.status_field == "status"
    assert waiter.terminal_values == ("BATCH_STATUS_COMPLETED", "BATCH_STATUS_FAILED", "BATCH_STATUS_CANCELED")
    job_waiter = operation(api, "embed_jobs", "get").waiter
    assert job_waiter.result_field is None and job_waiter.result_type == ir.TypeRef("model", name="EmbedJob")


def test_resource_falls_back_to_tag_then_first_path_segment():
    api = api_from(
        minimal(
            {
                "/v1/widgets": {"get": {"operationId": "listWidgets", "tags": ["Widget Store"], "responses": OK}},
                "/v1/gadgets/{id}": {
                    "get": {
                        "operationId": "GetGadget",
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "responses": OK,
                    }
                },
            }
        )
    )
    assert [(r.name, r.class_prefix) for r in api.resources] == [("widget_store", "WidgetStore"), ("gadgets", "Gadgets")]
    assert api.resources[0].operations[0].name == "list_widgets"
    assert api.resources[1].operations[0].name == "get_gadget"


def test_operation_without_operation_id_is_named_from_method_and_path():
    api = api_from(minimal({"/things": {"post": {"responses": OK}, "get": {"responses": OK}}}))
    assert sorted(o.name for o in api.resources[0].operations) == ["get_things", "post_things"]


def test_colliding_method_and_parameter_names_are_made_unique():
    api = api_from(
        minimal(
            {
                "/a": {"get": {"operationId": "fetch", "responses": OK}},
                "/b": {
                    "get": {
                        "operationId": "Fetch",
                        "tags": ["a"],
                        "parameters": [
                            {"name": "class", "in": "query", "schema": {"type": "string"}},
                            {"name": "request_options", "in": "query", "schema": {"type": "string"}},
                            {"name": "Start-Time", "in": "query", "schema": {"type": "string"}},
                            {"name": "start_time", "in": "header", "schema": {"type": "string"}},
                        ],
                        "responses": OK,
                    }
                },
            }
        )
    )
    names = {r.name: [o.name for o in r.operations] for r in api.resources}
    assert names == {"a": ["fetch", "fetch_2"]}
    op_b = next(o for r in api.resources for o in r.operations if o.path == "b")
    assert [p.name for p in op_b.parameters] == ["class_", "request_options_", "start_time", "start_time_2"]


def test_broken_reference_names_its_location():
    with pytest.raises(SpecError) as caught:
        api_from(
            """\
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /x:
                get:
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Nope"}
            """
        )
    error = caught.value
    assert error.location.line == 11
    assert error.location.path[-1] == "$ref"
    assert "#/components/schemas/Nope" in error.message


def test_undeclared_path_parameter_is_an_error():
    with pytest.raises(SpecError, match=r"\{id\} is not declared"):
        api_from(minimal({"/x/{id}": {"get": {"responses": OK}}}))


def test_remote_reference_is_refused():
    with pytest.raises(SpecError, match="only local"):
        api_from(
            minimal(
                {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {"application/json": {"schema": {"$ref": "https://example.com/s.json"}}},
                                }
                            }
                        }
                    }
                }
            )
        )


def test_nullable_forms_become_optional():
    api = api_from(
        minimal(
            {},
            components={
                "schemas": {
                    "Thing": {
                        "type": "object",
                        "required": ["a", "b"],
                        "properties": {"a": {"type": ["string", "null"]}, "b": {"type": "integer", "nullable": True}},
                    }
                }
            },
        )
    )
    thing = api.models[0]
    assert [f.type.annotation for f in thing.fields] == ["typing.Optional[str]", "typing.Optional[int]"]
    assert all(f.required for f in thing.fields)


def test_token_pagination_is_detected_without_an_extension():
    api = api_from(
        minimal(
            {
                "/things": {
                    "get": {
                        "operationId": "listThings",
                        "parameters": [
                            {"name": "pageToken", "in": "query", "schema": {"type": "string"}},
                            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        ],
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}},
                            }
                        },
                    }
                }
            },
            components={
                "schemas": {
                    "Page": {
                        "type": "object",
                        "properties": {
                            "items": {"type": "array", "items": {"type": "string"}},
                            "nextPageToken": {"type": "string"},
                        },
                    }
                }
            },
        )
    )
    pagination = api.resources[0].operations[0].pagination
    assert pagination == ir.Pagination(
        cursor_parameter="page_token",
        next_cursor_field="next_page_token",
        items_field="items",
        item_type=ir.TypeRef("builtin", name="str"),
        method_name="list_things_all",
    )


def test_discriminated_union_maps_values_to_variants():
    api = api_from(REPO_ROOT.joinpath("tests/fixtures/specs/kitchen_sink.yaml").read_text())
    pet = next(m for m in api.models if m.name == "Pet")
    assert pet.kind == "alias" and pet.alias_of.kind == "discriminated"
    assert pet.alias_of.name == "pet_type"
    assert pet.alias_of.mapping == (("cat", "Cat"), ("dog", "Dog"))
    cat = next(m for m in api.models if m.name == "Cat")
    assert [f.name for f in cat.fields] == ["name", "pet_type", "born", "lives"]  # allOf merged
    assert [f.required for f in cat.fields] == [True, True, False, False]


def test_recursive_models_are_marked_as_cycles():
    api = api_from(REPO_ROOT.joinpath("tests/fixtures/specs/kitchen_sink.yaml").read_text())
    models = {m.name: m for m in api.models}
    assert models["TreeNode"].cycle == ("Owner", "TreeNode")  # sorted: the same in every process
    assert models["Owner"].cycle == ("Owner", "TreeNode")
    assert models["Record"].cycle == ()
