"""The catalogue's search seam. ``courses`` does not know the search app: the academy's
search service registers itself here (``search.apps``), and the catalogue asks it for the
courses matching what was typed. Without a provider, or when it answers None (nothing
indexed yet), the catalogue's own filter applies."""

from __future__ import annotations

from collections.abc import Callable

_provider: Callable[[str], list[int] | None] | None = None


def register_catalog_search(provider: Callable[[str], list[int] | None]) -> None:
    """``provider(query)`` returns the ids of the published courses that match, or None."""
    global _provider
    _provider = provider


def catalog_search() -> Callable[[str], list[int] | None] | None:
    return _provider
