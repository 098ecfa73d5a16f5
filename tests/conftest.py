from __future__ import annotations

import pytest
from django.conf import settings

from tests.services import POSTGRES, is_reachable, under_ci

# real Redis (shared databases, a private server to stop), signed-in clients
pytest_plugins = ["tests.ops.fixtures"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run with the server down: skip everything, or fail under CI."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    address = (database.get("HOST") or POSTGRES[0], int(database.get("PORT") or POSTGRES[1]))
    if is_reachable(address):
        return
    message = f"PostgreSQL is not reachable at {address[0]}:{address[1]}"
    if under_ci():
        pytest.exit(f"{message} and CI is set", returncode=1)
    skip = pytest.mark.skip(reason=message)
    for item in items:
        item.add_marker(skip)
