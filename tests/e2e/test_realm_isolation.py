"""Two realm users side by side in a real browser: each sees only its realm's data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD, ProjectFactory, UserFactory

from .browser import new_tab, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def north_and_south() -> dict[str, Any]:
    """A user per realm, and projects in both: Wells and Clinics north, Roads south."""
    projects = {
        "north": [ProjectFactory(realm="north", name=name) for name in ("Wells", "Clinics")],
        "south": [ProjectFactory(realm="south", name="Roads")],
    }
    users = {realm: UserFactory(realm=realm) for realm in projects}
    return {"projects": projects, "users": users}


def sign_in(browser: Any, live_server: Any, user: Any, next_url: str) -> Any:
    tab = new_tab(browser)
    tab.goto(f"{live_server.url}/accounts/login?next={next_url}")
    tab.get_by_label("Username").fill(user.username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live_server.url}{next_url}")
    return tab


@pytest.mark.parametrize(
    ("realm", "mine", "theirs"), [("north", "Wells", "Roads"), ("south", "Roads", "Wells")]
)
def test_project_list_page_shows_only_the_users_realm(
    north_and_south: dict[str, Any],
    live_server: Any,
    browser: Any,
    realm: str,
    mine: str,
    theirs: str,
) -> None:
    tab = sign_in(browser, live_server, north_and_south["users"][realm], "/projects/")

    response = tab.locator(".ak-response").inner_text()
    screenshot(tab, f"e2e_projects_{realm}")

    assert tab.locator(".ak-realm").inner_text().endswith(realm)
    assert f'"name": "{mine}"' in response
    assert f'"name": "{theirs}"' not in response


def test_another_realms_project_is_not_found_in_the_browser(
    north_and_south: dict[str, Any], live_server: Any, browser: Any
) -> None:
    roads = north_and_south["projects"]["south"][0]
    tab = sign_in(browser, live_server, north_and_south["users"]["north"], "/projects/")

    tab.goto(f"{live_server.url}/projects/{roads.pk}/")
    screenshot(tab, "e2e_projects_north_sees_no_south_project")

    assert tab.locator(".ak-response").inner_text().startswith("HTTP 404 Not Found")


def test_a_project_created_in_the_browser_belongs_to_the_users_realm(
    north_and_south: dict[str, Any], live_server: Any, browser: Any
) -> None:
    north = sign_in(browser, live_server, north_and_south["users"]["north"], "/projects/")
    south = sign_in(browser, live_server, north_and_south["users"]["south"], "/projects/")

    form = north.locator("details", has_text="Create (POST, HTML form)")
    form.get_by_label("Name").fill("Boreholes")
    form.get_by_role("button", name="POST").click()
    created = north.locator(".ak-response").inner_text()
    screenshot(north, "e2e_projects_north_created")
    south.reload()

    assert "HTTP 201 Created" in created
    assert '"realm": "north"' in created
    assert "Boreholes" not in south.locator(".ak-response").inner_text()
