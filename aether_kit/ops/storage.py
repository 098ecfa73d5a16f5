"""Turning an unreachable file storage into a clear 503 instead of a 500.

django-storages lets each client library raise its own connection errors
(botocore's ``EndpointConnectionError``, google-api-core's ``ServiceUnavailable``,
``requests``' ``ConnectionError``). A view that saves or reads a file wraps the
call in :func:`translate_storage_errors`; an outage then answers 503 with a
JSON reason, and the next request after the storage is back succeeds.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from rest_framework import status
from rest_framework.exceptions import APIException

__all__ = ["StorageUnavailable", "is_storage_unavailable", "translate_storage_errors"]

logger = logging.getLogger(__name__)

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
def translate_storage_errors() -> Iterator[None]:
    """Re-raise "storage unreachable" errors of the block as :class:`StorageUnavailable`.

    Anything else (a missing file, a denied key) propagates unchanged: those
    are not outages and must not be hidden behind a 503.
    """
    try:
        yield
    except StorageUnavailable:
        raise
    except Exception as exc:
        if not is_storage_unavailable(exc):
            raise
        logger.warning("file storage unavailable: %s", exc)
        raise StorageUnavailable from exc
