import pytest

from aether_kit.conf import Env, EnvError, configure_cache

REDIS = {"DJANGO_USE_CACHE": "true", "REDIS_HOST": "redis", "REDIS_PORT": "6379"}


def test_off_by_default_with_a_local_memory_cache_and_database_sessions():
    settings = configure_cache(Env({}))

    assert settings["DJANGO_USE_CACHE"] is False
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert "SESSION_ENGINE" not in settings
    assert "CACHEOPS_REDIS" not in settings


def test_the_timeout_comes_from_django_cache_timeout():
    settings = configure_cache(Env({"DJANGO_CACHE_TIMEOUT": "60"}))

    assert settings["CACHE_TTL"] == 60
    assert settings["CACHES"]["default"]["TIMEOUT"] == 60


def test_cacheops_caches_outside_tests():
    assert configure_cache(Env(REDIS))["CACHEOPS_ENABLED"] is True


def test_testing_switches_cacheops_off_as_in_aether_sdk():
    assert configure_cache(Env({**REDIS, "TESTING": "yes"}))["CACHEOPS_ENABLED"] is False


def test_cacheops_uses_the_database_after_redis_db():
    settings = configure_cache(Env({**REDIS, "REDIS_DB": "5", "REDIS_PASSWORD": "pw"}))

    assert settings["CACHEOPS_REDIS"]["db"] == 6
    assert settings["CACHEOPS_REDIS"]["password"] == "pw"
    assert settings["CACHEOPS_DEGRADE_ON_FAILURE"] is True
    assert settings["CACHEOPS_DEFAULTS"]["timeout"] == 300


def test_each_redis_cache_gets_its_own_database_in_sequence():
    settings = configure_cache(
        Env({**REDIS, "REDIS_DJANGO_CACHE": "1", "REDIS_SESSION_CACHE": "1"})
    )

    assert settings["CACHES"]["default"]["LOCATION"] == "redis://redis:6379/2"
    assert settings["CACHES"]["session"]["LOCATION"] == "redis://redis:6379/3"
    assert settings["SESSION_ENGINE"] == "aether_kit.ops.sessions"
    assert settings["SESSION_CACHE_ALIAS"] == "session"


def test_database_numbers_follow_aether_sdk_names_and_the_short_ones():
    env = {**REDIS, "REDIS_DJANGO_CACHE": "1", "REDIS_SESSION_CACHE": "1"}

    long_names = configure_cache(
        Env({**env, "REDIS_DB_CACHE_DJANGO": "7", "REDIS_DB_CACHE_SESSION": "8"})
    )
    short_names = configure_cache(Env({**env, "REDIS_DB_DJANGO": "7", "REDIS_DB_SESSION": "8"}))

    for settings in (long_names, short_names):
        assert settings["REDIS_DB_DJANGO"] == 7
        assert settings["REDIS_DB_SESSION"] == 8


def test_a_redis_outage_is_a_cache_miss_not_an_error():
    settings = configure_cache(Env({**REDIS, "REDIS_DJANGO_CACHE": "1"}))

    options = settings["CACHES"]["default"]["OPTIONS"]
    assert options["IGNORE_EXCEPTIONS"] is True
    assert options["SOCKET_TIMEOUT"] > 0
    assert settings["DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"] is True


def test_every_redis_client_goes_through_the_circuit_breaker():
    settings = configure_cache(
        Env({**REDIS, "REDIS_DJANGO_CACHE": "1", "REDIS_SESSION_CACHE": "1"})
    )

    pools = {
        alias: cache["OPTIONS"]["CONNECTION_POOL_CLASS"]
        for alias, cache in settings["CACHES"].items()
    }
    assert pools == {
        "default": "aether_kit.ops.redis.BreakerConnectionPool",
        "session": "aether_kit.ops.redis.BreakerConnectionPool",
    }
    assert settings["CACHEOPS_CLIENT_CLASS"] == "aether_kit.ops.redis.BreakerRedis"


def test_the_app_modules_models_are_cached():
    settings = configure_cache(Env({**REDIS, "APP_MODULE": "aether.kernel"}))

    assert "kernel.*" in settings["CACHEOPS"]


def test_every_missing_or_malformed_variable_is_named_at_once():
    with pytest.raises(EnvError) as error:
        configure_cache(
            Env({"DJANGO_USE_CACHE": "1", "REDIS_DB": "x", "DJANGO_CACHE_TIMEOUT": "-1"})
        )

    assert set(error.value.names) == {
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_DB",
        "DJANGO_CACHE_TIMEOUT",
    }


def test_a_missing_extra_is_named_with_its_pip_install(monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name in ("cacheops", "django_redis") else real_find_spec(name),
    )

    with pytest.raises(EnvError) as error:
        configure_cache(Env({**REDIS, "REDIS_DJANGO_CACHE": "1"}))

    assert set(error.value.names) == {"DJANGO_USE_CACHE", "REDIS_DJANGO_CACHE"}
    assert "pip install 'aether-kit[cache]'" in str(error.value)


def test_a_redis_host_that_is_not_a_host_is_named_with_the_other_problems():
    env = Env({**REDIS, "REDIS_HOST": "redis://::garbage", "DJANGO_CACHE_TIMEOUT": "soon"})

    with pytest.raises(EnvError) as error:
        configure_cache(env)

    assert sorted(error.value.names) == ["DJANGO_CACHE_TIMEOUT", "REDIS_HOST"]
