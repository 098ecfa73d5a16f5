"""Turning an unreachable file storage into a clear 503 instead of a 500, paid once.

django-storages lets each client library raise its own connection errors
(botocore's ``EndpointConnectionError``, google-api-core's ``ServiceUnavailable``,
``requests``' ``ConnectionError``). A view that saves or reads a file wraps the
call in :func:`translate_storage_errors`; an outage then answers 503 with a
JSON reason.

A storage that accepts connections and never answers would cost every such
request the client's whole timeout (and its retries). The blocks share one
circuit breaker per storage (:mod:`aether_kit.breaker`): the first outage
opens it, and for ``DEPENDENCY_BACKOFF`` seconds every block answers 503 at
once, with ``Retry-After``, without calling the storage. Then one request
probes it; an answer closes the breaker, and every request uses the storage
again.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException

from aether_kit.breaker import CircuitBreaker, get_breaker, retry_after

__all__ = [
    "StorageUnavailable",
    "is_storage_unavailable",
    "storage_breaker",
    "translate_storage_errors",
]

# "module:Class" of the errors that mean "the storage did not answer", per client library
UNAVAILABLE_ERRORS = (
    "botocore.exceptions:EndpointConnectionError",
    "botocore.exceptions:ConnectTimeoutError",
    "botocore.exceptions:ReadTimeoutError",
    "botocore.exceptions:ConnectionClosedError",
    "google.api_core.exceptions:ServiceUnavailable",
    "google.api_core.exceptions:GatewayTimeout",
    "requests.exceptions:ConnectionError",
    "requests.exceptions:Timeout",
)


class StorageUnavailable(APIException):
    """The file storage could not be reached; DRF answers it with 503."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The file storage is unavailable; try again later."
    default_code = "storage_unavailable"

    def __init__(self, detail: str | None = None, retry_in: float | None = None) -> None:
        super().__init__(detail)
        # DRF's exception handler answers ``wait`` with a Retry-After header
        self.wait = None if retry_in is None else retry_after(retry_in)


def storage_breaker(alias: str = "default") -> CircuitBreaker:
    """The breaker of the storage ``STORAGES[alias]`` names, shared by the whole process.

    Named by the backend and where it reaches (the endpoint, else the bucket),
    so storages of one server share it and two servers do not.
    """
    config = settings.STORAGES.get(alias, {})
    options = config.get("OPTIONS", {})
    where = options.get("endpoint_url") or options.get("bucket_name") or alias
    return get_breaker(f"file storage {config.get('BACKEND', alias)} at {where}")


def _unavailable_classes() -> tuple[type[BaseException], ...]:
    classes: list[type[BaseException]] = [ConnectionError, TimeoutError]
    for dotted in UNAVAILABLE_ERRORS:
        module_name, class_name = dotted.split(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # that client library is not installed, so it cannot raise
        classes.append(getattr(module, class_name))
    return tuple(classes)


def is_storage_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` (or an error it was raised from) means the storage did not answer."""
    classes = _unavailable_classes()
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, classes):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


@contextmanager
def translate_storage_errors(alias: str = "default") -> Iterator[None]:
    """Re-raise "storage unreachable" errors of the block as :class:`StorageUnavailable`.

    Anything else (a missing file, a denied key) propagates unchanged: those
    are not outages and must not be hidden behind a 503; they are answers, and
    close the breaker of ``STORAGES[alias]`` as success does. While that
    breaker is open the block does not run at all.
    """
    breaker = storage_breaker(alias)
    if not breaker.allow():
        raise StorageUnavailable(retry_in=breaker.retry_in())
    try:
        yield
    except StorageUnavailable:
        raise
    except Exception as exc:
        if not is_storage_unavailable(exc):
            breaker.record_success()
            raise
        breaker.record_failure(exc)
        raise StorageUnavailable(retry_in=breaker.retry_in()) from exc
    breaker.record_success()
