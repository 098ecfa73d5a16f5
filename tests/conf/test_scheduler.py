from __future__ import annotations

import pytest

from aether_kit.conf import Env, EnvError, configure_scheduler
from aether_kit.conf.cache import SOCKET_TIMEOUT as CACHE_SOCKET_TIMEOUT

ON = {"SCHEDULER_REQUIRED": "true", "REDIS_HOST": "redis.internal", "REDIS_PORT": "6380"}


def test_scheduler_is_off_by_default():
    assert configure_scheduler(Env({})) == {"SCHEDULER_REQUIRED": False}


def test_default_queue_points_at_redis():
    queue = configure_scheduler(Env({**ON, "REDIS_DB": "3", "REDIS_PASSWORD": "pw"}))["RQ_QUEUES"][
        "default"
    ]

    assert (queue["HOST"], queue["PORT"], queue["DB"], queue["PASSWORD"]) == (
        "redis.internal",
        6380,
        3,
        "pw",
    )


def test_redis_database_defaults_to_0_and_job_timeout_to_five_minutes():
    queue = configure_scheduler(Env(ON))["RQ_QUEUES"]["default"]

    assert (queue["DB"], queue["DEFAULT_TIMEOUT"]) == (0, 300)


def test_connecting_to_redis_has_a_timeout():
    queue = configure_scheduler(Env(ON))["RQ_QUEUES"]["default"]

    assert queue["REDIS_CLIENT_KWARGS"]["socket_connect_timeout"] > 0


def test_reading_from_redis_times_out_as_the_cache_does():
    options = configure_scheduler(Env(ON))["RQ_QUEUES"]["default"]["REDIS_CLIENT_KWARGS"]

    assert options["socket_timeout"] == CACHE_SOCKET_TIMEOUT
    assert options["socket_connect_timeout"] == CACHE_SOCKET_TIMEOUT


def test_every_missing_or_malformed_redis_variable_is_named():
    environment = {"SCHEDULER_REQUIRED": "true", "REDIS_DB": "first", "SCHEDULER_JOB_TIMEOUT": "0"}

    with pytest.raises(EnvError) as error:
        configure_scheduler(Env(environment))

    assert error.value.names == ["REDIS_HOST", "REDIS_PORT", "REDIS_DB", "SCHEDULER_JOB_TIMEOUT"]
