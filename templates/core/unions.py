"""Telling the variants of a discriminated union apart."""

from typing import Any, Callable, Mapping, Optional


def discriminate(
    property_name: str, tags: Mapping[str, str]
) -> Callable[[Any], Optional[str]]:
    """A pydantic ``Discriminator`` callable: the variant tag for a value.

    Raw data is tagged by its ``property_name`` value through ``tags``; a value
    that is already a variant model is tagged by its class. Works whether or
    not the variants declare the property as a literal, which real specs
    rarely do.
    """
    variant_names = frozenset(tags.values())

    def tag_of(value: Any) -> Optional[str]:
        if isinstance(value, Mapping):
            found = value.get(property_name)
            return None if found is None else tags.get(str(found))
        name = type(value).__name__
        return name if name in variant_names else None

    return tag_of
