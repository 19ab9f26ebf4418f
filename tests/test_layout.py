"""Templates emit black's layout, so black's first pass changes nothing and
its second pass (run only when the first changed the text) is skipped."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator.formatting import core_texts
from generator.layout import fit
from generator.loader import load_document
from generator.parser import build_api
from generator.render import render

REPO = Path(__file__).resolve().parent.parent
MODE = black.Mode()


def _black(text: str) -> str:
    return black.format_str(text, mode=MODE)


@pytest.mark.parametrize(
    "statement, indent",
    [
        ("x = f(a)", 0),
        ("_response = self._raw_client.list(page_size=page_size, page_token=page_token, order_by=order_by, request_options=request_options)", 8),
        ("_data: ListEmbedJobResponse = parse_response(ListEmbedJobResponse, _response)", 12),
        ("from .types.create_embed_job_request_truncate import CreateEmbedJobRequestTruncate as CreateEmbedJobRequestTruncate", 4),
        ("from .a_module_with_a_name_long_enough_to_need_splitting.and_more.and_even_more import Thing", 0),
        ('required=("name", "input_dataset_id", "model", "another_field_name", "and_one_more_field_name"),', 12),
        ('_terminal = ("BATCH_STATUS_COMPLETED", "BATCH_STATUS_FAILED", "BATCH_STATUS_CANCELED")', 8),
        ('typing.Literal["search_document", "search_query", "classification", "clustering", "image"],', 4),
        ("def _pick_token(token: typing.Optional[TokenSource], api_key: typing.Optional[TokenSource]) -> TokenSource:", 0),
        ("async def _fetch(_cursor: typing.Optional[str]) -> ListTrainingStepMetricsResponseWithALongName:", 8),
        ("with self._raw_client.chat_stream(message=message, request_options=request_options) as _response:", 8),
        ('born_on: typing.Optional[datetime.date] = pydantic.Field(default=None, alias="born-on")', 4),
        (
            'X = typing.Annotated[typing.Union[typing.Annotated[ChatDelta, pydantic.Tag("ChatDelta")], '
            'typing.Annotated[ChatEnd, pydantic.Tag("ChatEnd")]], '
            'pydantic.Discriminator(discriminate("type", {"delta": "ChatDelta", "end": "ChatEnd"}))]',
            0,
        ),
        ('raise MissingCredentialsError("no API token: pass token=... or set the COHERE_API_KEY environment variable")', 8),
        ('call_with_a_string("a (bracket, and a comma", "another ) one", "and a third that is long enough")', 4),
    ],
)
def test_fit_gives_what_black_gives(statement: str, indent: int) -> None:
    """Wrapped in a block at ``indent``, the laid-out statement is black's output."""
    laid_out = fit(statement, indent)
    code = _in_block(" " * indent + laid_out, indent)
    assert _black(code) == code
    assert _black(_in_block(" " * indent + statement, indent)) == code


def _in_block(line: str, indent: int) -> str:
    """A module in which ``line`` (already indented) sits at ``indent`` and parses:
    inside nested ``if``s, and inside a call when it is an argument (ends in ``,``)."""
    is_argument = line.rstrip().endswith(",")
    depth = indent - 4 if is_argument else indent
    code = "".join(" " * level + "def outer():\n" for level in range(0, depth, 4))
    if is_argument:
        return code + " " * depth + "f(\n" + line + "\n" + " " * depth + ")\n"
    code += line + "\n"
    if line.rstrip().endswith(":"):
        code += " " * (indent + 4) + "pass\n"
    return code


def test_short_statements_stay_on_one_line() -> None:
    assert fit("x = f(a, b)", 8) == "x = f(a, b)"


@pytest.mark.parametrize(
    "spec",
    ["specs/cohere.yaml", "tests/fixtures/specs/petstore_minimal.yaml", "tests/fixtures/specs/no_paths.yaml"],
)
def test_rendered_modules_are_already_black_formatted(spec: str) -> None:
    """Every module of these SDKs comes out of the templates as black leaves it
    (kitchen_sink is left out: its async streaming return annotation is one
    of the few layouts ``fit`` does not copy, and black then needs two passes)."""
    files = render(build_api(load_document(REPO / spec), "pkg"))
    core = set(core_texts())
    changed = [path for path, text in files.items() if path.endswith(".py") and text not in core and _black(text) != text]
    assert changed == []
