import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.s3 import bucket_storage, media_bucket, s3_server, static_bucket  # noqa: F401
from tests.services import REDIS, require_service

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rq_redis() -> Iterator[Any]:
    """The real Redis database of the job queues (5 unless AETHER_TEST_RQ_DB), empty."""
    require_service("Redis", REDIS)
    from django_rq import get_connection

    connection = get_connection("default")
    connection.flushdb()
    yield connection
    connection.flushdb()


def run_manage(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py <arguments>`` in a separate process with the test settings."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        # the demo's jobs do not touch the database
        "AETHER_TEST_DB": "sqlite",
        "AETHER_TEST_RQ_DB": str(settings.RQ_QUEUES["default"]["DB"]),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


@pytest.fixture
def api(django_user_model) -> APIClient:
    """An API client signed in as an ordinary (not staff) user."""
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("api-user"))
    return client
