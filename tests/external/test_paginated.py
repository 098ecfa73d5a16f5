"""get_all_docs walks real paginated endpoints, and stops on loops and page limits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from aether_kit.external import PaginationError, get_all_docs
from aether_kit.testing.users import DEFAULT_PASSWORD
from tests.external.servers import (
    TRICKLE_SIZE,
    Answer,
    RoutesServer,
    serve,
    trickle,
    trickle_guard,
)

JSON = {"Content-Type": "application/json"}


def page(results: list[Any], next_path: str | None) -> Callable[[str], Answer]:
    def answer(url: str) -> Answer:
        body = {"results": results, "next": f"{url}{next_path}" if next_path else None}
        return 200, JSON, json.dumps(body).encode()

    return answer


@pytest.fixture
def three_pages() -> Iterator[RoutesServer]:
    with serve(
        {
            "/items": page([1, 2], "/items?page=2"),
            "/items?page=2": page([3, 4], "/items?page=3"),
            "/items?page=3": page([5], None),
        }
    ) as server:
        yield server


def test_yields_every_result_of_every_page_in_order(three_pages: RoutesServer) -> None:
    assert list(get_all_docs(f"{three_pages.url}/items")) == [1, 2, 3, 4, 5]


def test_sends_the_keyword_arguments_with_every_page(three_pages: RoutesServer) -> None:
    list(get_all_docs(f"{three_pages.url}/items", headers={"Authorization": "Token t"}))

    assert [headers["Authorization"] for _, headers in three_pages.requests] == ["Token t"] * 3


def test_fetches_pages_only_as_they_are_read(three_pages: RoutesServer) -> None:
    docs = get_all_docs(f"{three_pages.url}/items")

    assert [next(docs), next(docs)] == [1, 2]
    assert three_pages.paths() == ["/items"]


def test_params_go_to_the_first_page_only(three_pages: RoutesServer) -> None:
    with serve(
        {"/items?realm=eha": page([1], "/items?page=2"), "/items?page=2": page([2], None)}
    ) as server:
        assert list(get_all_docs(f"{server.url}/items", params={"realm": "eha"})) == [1, 2]
        assert server.paths() == ["/items?realm=eha", "/items?page=2"]


def test_more_pages_than_max_pages_is_an_error(three_pages: RoutesServer) -> None:
    docs = get_all_docs(f"{three_pages.url}/items", max_pages=2)

    with pytest.raises(PaginationError, match="more than 2 pages"):
        list(docs)
    assert len(three_pages.requests) == 2


def test_a_page_linking_back_is_a_loop_not_an_endless_walk() -> None:
    with serve({"/a": page([1], "/b"), "/b": page([2], "/a")}) as server:
        with pytest.raises(PaginationError, match="loop"):
            list(get_all_docs(f"{server.url}/a"))
        assert server.paths() == ["/a", "/b"]


def test_an_error_answer_raises_http_error() -> None:
    answers = {"/items": (500, JSON, b"{}")}
    with serve(answers) as server, pytest.raises(requests.HTTPError):
        list(get_all_docs(f"{server.url}/items"))


def test_a_page_without_results_is_an_error() -> None:
    answers = {"/items": (200, JSON, b'{"detail": "not a list"}')}
    with serve(answers) as server, pytest.raises(PaginationError, match="'results' list"):
        list(get_all_docs(f"{server.url}/items"))


def linking_to(next_url: str) -> Answer:
    """A page of one result whose ``next`` link is ``next_url``, as given."""
    return 200, JSON, json.dumps({"results": [1], "next": next_url}).encode()


def test_a_next_link_to_another_server_is_refused_before_it_is_fetched() -> None:
    with (
        serve({"/items": page([2], None)}) as other,
        serve({"/items": linking_to(f"{other.url}/items")}) as first,
    ):
        docs = get_all_docs(f"{first.url}/items", headers={"Authorization": "Token t"})

        with pytest.raises(PaginationError, match=f"on {other.url}, not on {first.url}"):
            list(docs)
        assert other.requests == []


def test_a_relative_next_link_stays_on_the_server_that_sent_it() -> None:
    answers = {"/items": linking_to("/items?page=2"), "/items?page=2": page([2], None)}

    with serve(answers) as server:
        assert list(get_all_docs(f"{server.url}/items")) == [1, 2]


def test_max_pages_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(get_all_docs("http://127.0.0.1:9/", max_pages=0))


@pytest.mark.django_db(transaction=True)
def test_walks_the_demo_apis_pages_in_the_live_server(
    live_server: Any, settings: Any, make_realm_user: Callable[..., Any]
) -> None:
    from django.contrib.auth.models import Group

    settings.ROOT_URLCONF = "tests.pages.urls"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    make_realm_user("eha", "ana")
    Group.objects.bulk_create(Group(name=f"group-{n}") for n in range(4))

    docs = get_all_docs(
        f"{live_server.url}/pages/groups/", auth=("eha__ana", DEFAULT_PASSWORD), max_pages=10
    )

    assert [doc["name"] for doc in docs] == ["eha", *(f"group-{n}" for n in range(4))]


@trickle_guard
def test_a_page_trickled_out_ends_in_a_timeout(settings: Any) -> None:
    settings.REQUEST_READ_TIMEOUT = 0.3
    settings.REQUEST_ERROR_RETRIES = 1

    with trickle(TRICKLE_SIZE) as url, pytest.raises(requests.Timeout):
        list(get_all_docs(url))
