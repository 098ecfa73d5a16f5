from __future__ import annotations

import pytest
from django.conf import settings

from tests.services import POSTGRES, is_reachable, under_ci

# fixtures shared by several test packages
pytest_plugins = ["tests.s3", "tests.ops.plumbing_fixtures"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run with the server down: skip everything, or fail under CI."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    if is_reachable(POSTGRES):
        return
    message = f"PostgreSQL is not reachable at {POSTGRES[0]}:{POSTGRES[1]}"
    if under_ci():
        pytest.exit(f"{message} and CI is set", returncode=1)
    skip = pytest.mark.skip(reason=message)
    for item in items:
        item.add_marker(skip)
