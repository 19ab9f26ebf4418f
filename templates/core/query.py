"""Query parameters in the OpenAPI serialisation styles other than the default.

The default (``form``, exploded: ``?tag=a&tag=b``) needs nothing; the HTTP
client handles it. The rest expand one parameter into one or more
``name → value`` entries here, before the client encodes them.
"""

from typing import Any, Dict, Mapping

from .serialization import OMIT, to_jsonable

_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def styled_query(name: str, value: Any, style: str, explode: bool) -> Dict[str, Any]:
    """Entries for one parameter serialised with ``style`` and ``explode``."""
    if value is None or value is OMIT:
        return {}
    data = to_jsonable(value)
    if style == "deepObject":
        return _deep_object(name, data)
    if isinstance(data, dict):
        if explode:
            return dict(data)
        flat = [str(part) for pair in data.items() for part in pair]
        return {name: ",".join(flat)}
    if isinstance(data, list) and not explode:
        delimiter = _DELIMITERS.get(style, ",")
        return {name: delimiter.join(_text(item) for item in data)}
    return {name: data}


def _deep_object(prefix: str, data: Any) -> Dict[str, Any]:
    """``{"created": {"gt": 1}}`` → ``created[gt]=1``; lists as ``name[]``."""
    if isinstance(data, Mapping):
        entries: Dict[str, Any] = {}
        for key, item in data.items():
            entries.update(_deep_object(f"{prefix}[{key}]", item))
        return entries
    if isinstance(data, list):
        if all(not isinstance(item, (Mapping, list)) for item in data):
            return {f"{prefix}[]": data}
        entries = {}
        for index, item in enumerate(data):
            entries.update(_deep_object(f"{prefix}[{index}]", item))
        return entries
    return {prefix: data}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cookie_header(values: Mapping[str, Any]) -> Any:
    """A ``Cookie`` header value from cookie parameters; None (not sent) if all are unset."""
    pairs = [
        f"{name}={_text(to_jsonable(value))}"
        for name, value in values.items()
        if value is not None and value is not OMIT
    ]
    return "; ".join(pairs) if pairs else None
