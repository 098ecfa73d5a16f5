"""Every result of a paginated remote API, page after page, with a hard stop.

aether.sdk's ``get_all_docs`` followed ``next`` links for as long as the
server sent them: a server that links a page to itself (or an endless
cursor) kept a worker busy forever. Here the pages are fetched through the
kit's session (timeouts, retries, a deadline for each page), a ``next`` link
already seen ends the run with an error, and so does going past ``max_pages``.

The caller's ``headers`` and ``auth`` go with every page, so a ``next`` link
is only followed on the origin (scheme, host, port) of the first URL: a
remote that named another host would otherwise be handed the credentials.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import requests

from .session import get_session, url_for_logs, url_origin

__all__ = ["DEFAULT_MAX_PAGES", "PaginationError", "get_all_docs"]

DEFAULT_MAX_PAGES = 1000


class PaginationError(RuntimeError):
    """The remote API's pages cannot be walked: a loop, too many pages, or no results."""


def get_all_docs(
    url: str,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    session: requests.Session | None = None,
    **kwargs: Any,
) -> Iterator[Any]:
    """Yield the items of ``results`` of ``url`` and of every page its ``next`` links name.

    ``kwargs`` go to every ``GET`` (``headers=``, ``params=`` …; ``params``
    only on the first page, since ``next`` links carry their own query). A
    relative ``next`` link is read against the page that sent it. An HTTP
    error answer raises ``requests.HTTPError``; a page without a ``results``
    list, a ``next`` link seen before or on another origin than ``url``, or
    more than ``max_pages`` pages raise :class:`PaginationError`. Pages are
    fetched lazily: a caller that stops early fetches no more.
    """
    if max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, not {max_pages}")
    owned = session is None
    http = get_session() if session is None else session
    params = kwargs.pop("params", None)
    origin = url_origin(url)
    seen: set[str] = set()
    next_url: str | None = url
    try:
        while next_url:
            if next_url in seen:
                raise PaginationError(f"{next_url} was already fetched: the pages form a loop")
            if len(seen) >= max_pages:
                raise PaginationError(
                    f"{url} has more than {max_pages} pages; raise max_pages to read them all"
                )
            seen.add(next_url)
            response = http.get(next_url, params=params if len(seen) == 1 else None, **kwargs)
            response.raise_for_status()
            page = response.json()
            results = page.get("results") if isinstance(page, dict) else None
            if not isinstance(results, list):
                raise PaginationError(f"{next_url} answered without a 'results' list")
            yield from results
            link = page.get("next")
            if link is not None and not isinstance(link, str):
                raise PaginationError(f"{next_url} answered with a 'next' that is not a URL")
            next_url = urljoin(response.url, link) if link else None
            if next_url and url_origin(next_url) != origin:
                raise PaginationError(
                    f"{url_for_logs(response.url)} links its next page on "
                    f"{url_origin(next_url)}, not on {origin}: the credentials "
                    "of this walk are not sent there"
                )
    finally:
        if owned:
            http.close()
