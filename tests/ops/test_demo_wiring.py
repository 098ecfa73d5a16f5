"""The demo service switches each operations component on from its environment variables."""

from __future__ import annotations

import subprocess

import pytest

from tests.processes import run_manage

COMPONENTS = {
    "storage": {
        "STORAGE_REQUIRED": "true",
        "DJANGO_STORAGE_BACKEND": "minio",
        "BUCKET_NAME": "media",
        "MINIO_STORAGE_ENDPOINT": "127.0.0.1:9000",
        "MINIO_STORAGE_ACCESS_KEY": "access",
        "MINIO_STORAGE_SECRET_KEY": "secret",
    },
    "cache": {"DJANGO_USE_CACHE": "true", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379"},
    "scheduler": {"SCHEDULER_REQUIRED": "true", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379"},
    "metrics": {"METRICS_ENABLED": "true"},
    "profiling": {"PROFILING_ENABLED": "true"},
    "metrics+profiling": {"METRICS_ENABLED": "true", "PROFILING_ENABLED": "true"},
    "webpack": {"WEBPACK_REQUIRED": "true"},
}
PROBE = (
    "from django.conf import settings; "
    "print(settings.STORAGES['default']['BACKEND'], *settings.INSTALLED_APPS, "
    "*settings.MIDDLEWARE[:3])"
)
TOP_OF_THE_STACK = "from django.conf import settings; print(*settings.MIDDLEWARE[:3])"


def demo(*arguments: str, **variables: str) -> str:
    """Run the demo's manage.py as a developer would: DEBUG on (the demo's default)."""
    return run_manage(
        *arguments,
        DJANGO_SETTINGS_MODULE="testproject.settings",
        DEBUG="true",
        TESTING="false",
        **variables,
    ).stdout


@pytest.mark.parametrize("variables", COMPONENTS.values(), ids=COMPONENTS.keys())
def test_demo_passes_the_system_checks_with_the_component_on(variables):
    assert "no issues" in demo("check", "--fail-level", "WARNING", **variables)


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("storage", "storages.backends.s3.S3Storage"),
        ("cache", "cacheops"),
        ("scheduler", "django_rq"),
        ("metrics", "django_prometheus.middleware.PrometheusBeforeMiddleware"),
        ("profiling", "silk.middleware.SilkyMiddleware"),
        ("webpack", "webpack_loader"),
    ],
)
def test_demo_settings_follow_the_variables(component, expected):
    assert expected in demo("shell", "-c", PROBE, **COMPONENTS[component]).split()


def test_demo_keeps_the_request_id_on_top_and_times_silk_with_metrics_and_profiling_on():
    output = demo("shell", "-c", TOP_OF_THE_STACK, **COMPONENTS["metrics+profiling"])
    # the last line: Django 5.2's shell first reports the objects it imported
    top = output.splitlines()[-1].split()

    assert top == [
        "aether_kit.ops.request_id.RequestIdMiddleware",
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        "silk.middleware.SilkyMiddleware",
    ]


def test_demo_refuses_to_start_with_a_bad_backend_and_names_the_variables():
    # rundemo, the README's command: Django re-raises a settings error for a command of
    # an app, while the order in which `check` runs its checks (a set) decides whether
    # the settings error or AppRegistryNotReady surfaces first
    with pytest.raises(subprocess.CalledProcessError) as error:
        demo("rundemo", STORAGE_REQUIRED="true", DJANGO_STORAGE_BACKEND="ftp")

    assert "DJANGO_STORAGE_BACKEND" in error.value.stderr
    assert "BUCKET_NAME" in error.value.stderr
