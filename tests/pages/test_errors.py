"""The branded error pages, and their JSON form for API clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_urls")]

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
API = {"Accept": "application/json"}


@pytest.fixture
def anonymous() -> Client:
    return Client(raise_request_exception=False)


def templates(response: Any) -> list[str]:
    return [template.name for template in response.templates]


def test_an_unknown_page_answers_the_branded_404(anonymous: Client, branded: Any) -> None:
    response = anonymous.get("/no/such/page", headers=BROWSER)

    assert response.status_code == 404
    assert "aether_kit/errors/404.html" in templates(response)
    html = response.content.decode()
    assert "<title>Page not found · Acme Health</title>" in html
    assert 'class="ak-header"' in html


def test_an_unknown_page_answers_json_to_an_api_client(anonymous: Client) -> None:
    response = anonymous.get("/no/such/page", headers=API)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_json_request_gets_the_json_form_whatever_it_accepts(anonymous: Client) -> None:
    response = anonymous.post("/no/such/page", "{}", content_type="application/json")

    assert response.json() == {"detail": "Not found."}


def test_a_refusal_shows_its_reason_on_the_403_page(anonymous: Client, branded: Any) -> None:
    response = anonymous.get("/pages/forbidden", headers=BROWSER)

    assert response.status_code == 403
    assert "aether_kit/errors/403.html" in templates(response)
    assert "Only the realm&#x27;s managers may see the reports." in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_a_refusal_answers_json_to_an_api_client(anonymous: Client) -> None:
    response = anonymous.get("/pages/forbidden", headers=API)

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the realm's managers may see the reports."}


def test_a_crash_shows_the_branded_500_page(anonymous: Client, branded: Any) -> None:
    response = anonymous.get("/pages/crash", headers=BROWSER)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · Acme Health</title>" in html
    assert "a bug" not in html


def test_a_crash_answers_json_to_an_api_client(anonymous: Client) -> None:
    response = anonymous.get("/pages/crash", headers=API)

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}


def test_the_demo_wires_the_handlers_in_one_line() -> None:
    import testproject.urls

    assert testproject.urls.handler404.status == 404
    assert testproject.urls.handler403.status == 403
