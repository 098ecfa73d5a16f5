"""Readiness checks: one small class per dependency, listed by dotted path in HEALTH_CHECKS.

A check names the dependency it watches (``name``, e.g. ``"cache:responseTime"``),
lists its components (one per database alias, cache alias, queue …) and probes
one component at a time: returning normally is a pass, raising
:class:`HealthCheckWarning` a warn and any other exception a fail. The runner
gives every probe ``HEALTH_CHECK_TIMEOUT`` seconds, so a dependency that hangs
cannot hang the probe that asks about it.
"""

from __future__ import annotations

import logging
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connections
from django.utils.module_loading import import_string
from django.utils.timezone import now

from aether_kit.conf import kit_settings
from aether_kit.conf.optional import import_extra

__all__ = [
    "FAIL",
    "PASS",
    "WARN",
    "CacheCheck",
    "CheckResult",
    "DatabaseCheck",
    "HealthCheck",
    "HealthCheckWarning",
    "RQCheck",
    "StorageCheck",
    "get_checks",
    "run_checks",
    "worst_status",
]

logger = logging.getLogger(__name__)

PASS, WARN, FAIL = "pass", "warn", "fail"
_RANK = {PASS: 0, WARN: 1, FAIL: 2}


class HealthCheckWarning(Exception):
    """Raised by a probe for a dependency that works but not as it should."""


@dataclass
class CheckResult:
    """One entry of the IETF health response: a component's status and what was seen."""

    name: str
    component_id: str | None
    component_type: str
    status: str
    output: str = ""
    observed_ms: float | None = None
    time: str = field(default_factory=lambda: now().isoformat())

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"componentType": self.component_type, "status": self.status}
        if self.component_id is not None:
            entry["componentId"] = self.component_id
        if self.observed_ms is not None:
            entry["observedValue"] = round(self.observed_ms, 3)
            entry["observedUnit"] = "ms"
        if self.output:
            entry["output"] = self.output
        entry["time"] = self.time
        return entry


class HealthCheck(ABC):
    """Base class: set ``name`` and ``component_type``, implement :meth:`probe`."""

    name: ClassVar[str] = ""
    component_type: ClassVar[str] = "component"

    def is_enabled(self) -> bool:
        """False leaves the check out of the report (its dependency is not configured)."""
        return True

    def components(self) -> Iterable[str | None]:
        return [None]

    @abstractmethod
    def probe(self, component: str | None) -> None:
        """Return when the component works; raise to say it does not (see the module)."""

    def cleanup(self, component: str | None) -> None:
        """Runs in the probing thread after every probe: release what it opened there."""
        for connection in connections.all(initialized_only=True):
            connection.close()

    def run(self, component: str | None) -> CheckResult:
        started = time.perf_counter()
        try:
            self.probe(component)
        except HealthCheckWarning as warning:
            status, output = WARN, str(warning)
        except Exception as error:
            status, output = FAIL, f"{type(error).__name__}: {error}"
        else:
            status, output = PASS, ""
        finally:
            try:
                self.cleanup(component)
            except Exception as error:
                logger.warning("cleanup of %s failed: %s", self.name, error)
        elapsed = (time.perf_counter() - started) * 1000
        if status != PASS:
            logger.warning(
                "readiness check %s (%s) is %s: %s", self.name, component, status, output
            )
        return CheckResult(self.name, component, self.component_type, status, output, elapsed)


class DatabaseCheck(HealthCheck):
    """``SELECT 1`` on every alias of HEALTH_CHECK_DATABASES, on a connection closed afterwards."""

    name = "database:responseTime"
    component_type = "datastore"

    def components(self) -> Iterable[str | None]:
        return list(kit_settings.HEALTH_CHECK_DATABASES)

    def probe(self, component: str | None) -> None:
        with connections[component or "default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


class CacheCheck(HealthCheck):
    """Ping (Redis) and a set-get-delete round trip on every alias of CACHES.

    django-redis swallows errors when IGNORE_EXCEPTIONS is on, so the ping
    goes to its client directly and a value that does not come back is a
    failure too.
    """

    name = "cache:responseTime"
    component_type = "datastore"

    def components(self) -> Iterable[str | None]:
        return list(settings.CACHES)

    def probe(self, component: str | None) -> None:
        cache = caches[component or "default"]
        client = getattr(cache, "client", None)
        if client is not None and hasattr(client, "get_client"):
            client.get_client(write=True).ping()
        key = f"aether-kit:health:{uuid.uuid4().hex}"
        cache.set(key, "ok", 30)
        try:
            if cache.get(key) != "ok":
                raise ConnectionError("a value written to the cache could not be read back")
        finally:
            cache.delete(key)


class CacheopsCheck(HealthCheck):
    """Ping of django-cacheops' Redis connection, when cacheops is on."""

    name = "cacheops:responseTime"
    component_type = "datastore"

    def is_enabled(self) -> bool:
        return (
            "cacheops" in settings.INSTALLED_APPS
            and bool(kit_settings.DJANGO_USE_CACHE)
            and bool(getattr(settings, "CACHEOPS_ENABLED", True))
        )

    def probe(self, component: str | None) -> None:
        import_extra("cacheops.redis", "cache", feature="DJANGO_USE_CACHE").redis_client.ping()


class StorageCheck(HealthCheck):
    """Save, find and delete a probe file through Django's default storage.

    Only the generic storage API is used, so it works for the file system,
    S3/MinIO and GCS alike. Enabled by STORAGE_REQUIRED.
    """

    name = "storage:responseTime"
    component_type = "datastore"

    def is_enabled(self) -> bool:
        return bool(kit_settings.STORAGE_REQUIRED)

    def probe(self, component: str | None) -> None:
        from django.core.files.storage import default_storage

        name = default_storage.save(
            f"aether-kit-health/{uuid.uuid4().hex}.txt", ContentFile(b"ready")
        )
        try:
            if not default_storage.exists(name):
                raise OSError(f"{name!r} was saved but cannot be found")
        finally:
            default_storage.delete(name)


class RQCheck(HealthCheck):
    """Ping of the Redis connection of every django-rq queue, when the scheduler is required."""

    name = "rq:responseTime"
    component_type = "component"

    def is_enabled(self) -> bool:
        return bool(kit_settings.SCHEDULER_REQUIRED) and "django_rq" in settings.INSTALLED_APPS

    def components(self) -> Iterable[str | None]:
        return list(getattr(settings, "RQ_QUEUES", {}))

    def probe(self, component: str | None) -> None:
        django_rq = import_extra("django_rq", "scheduler", feature="SCHEDULER_REQUIRED")
        from aether_kit.ops.redis import guarded

        # through the breaker the enqueues share: while it is open the probe fails at once
        guarded(django_rq.get_connection(component or "default")).ping()


def get_checks() -> list[HealthCheck]:
    """Instances of the classes named in HEALTH_CHECKS that are enabled."""
    checks = [import_string(path)() for path in kit_settings.HEALTH_CHECKS]
    return [check for check in checks if check.is_enabled()]


def run_checks(
    checks: Iterable[HealthCheck] | None = None, timeout: float | None = None
) -> list[CheckResult]:
    """Probe every component at once, each for at most ``timeout`` seconds.

    A probe still running at its deadline is reported as failed and left to
    finish in its own thread, which closes what it opened when it does.
    """
    timeout = float(kit_settings.HEALTH_CHECK_TIMEOUT if timeout is None else timeout)
    jobs = [
        (check, component)
        for check in (get_checks() if checks is None else checks)
        for component in check.components()
    ]
    if not jobs:
        return []
    executor = ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="aether-kit-health")
    try:
        futures = [executor.submit(check.run, component) for check, component in jobs]
        deadline = time.monotonic() + timeout
        results = []
        for (check, component), future in zip(jobs, futures, strict=True):
            try:
                results.append(future.result(timeout=max(0.0, deadline - time.monotonic())))
            except FutureTimeout:
                output = f"no answer within {timeout:g} seconds"
                logger.warning("readiness check %s (%s) timed out", check.name, component)
                results.append(
                    CheckResult(
                        check.name, component, check.component_type, FAIL, output, timeout * 1000
                    )
                )
        return results
    finally:
        executor.shutdown(wait=False)


def worst_status(results: Iterable[CheckResult]) -> str:
    return max((result.status for result in results), key=_RANK.__getitem__, default=PASS)
