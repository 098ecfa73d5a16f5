from __future__ import annotations

import pytest

from aether_kit.conf import Env, EnvError
from aether_kit.conf.redis import RedisServer, read_redis


def test_reads_the_server_with_aether_sdk_defaults():
    server = read_redis(Env({"REDIS_HOST": "redis.internal", "REDIS_PORT": "6380"}))

    assert server == RedisServer(host="redis.internal", port=6380, password=None, db=0)


def test_names_every_missing_or_malformed_variable_at_once():
    env = Env({"REDIS_PORT": "99999", "REDIS_DB": "-1"})

    with pytest.raises(EnvError) as error, env.collect_errors():
        read_redis(env)

    assert {problem.name for problem in error.value.problems} == {
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_DB",
    }


def test_a_host_that_is_not_a_host_is_named():
    env = Env({"REDIS_HOST": "redis://::garbage", "REDIS_PORT": "6379"})

    with pytest.raises(EnvError, match=r"REDIS_HOST: 'redis://::garbage' is not a host name"):
        read_redis(env)
