"""Function-result caching that never crosses realms, cache clearing and the purge view.

:func:`cache_wrap` keeps results in Django's ``default`` cache under a key
made of the function, its arguments and the current realm, so a value
computed for one realm is never served to another. With ``DJANGO_USE_CACHE``
off it returns the function unchanged, as aether.sdk's did.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.timezone import now
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_deny
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from aether_kit.conf import kit_settings
from aether_kit.conf.optional import import_extra
from aether_kit.realms.context import ALL_REALMS, get_current_realm

__all__ = ["cache_enabled", "cache_wrap", "cacheops_enabled", "clear_cache", "purge_cache_view"]

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
KEY_PREFIX = "aether-kit:fn"
_MISSING = object()


def cache_enabled() -> bool:
    return bool(kit_settings.DJANGO_USE_CACHE)


def cacheops_enabled() -> bool:
    return (
        cache_enabled()
        and "cacheops" in settings.INSTALLED_APPS
        and bool(getattr(settings, "CACHEOPS_ENABLED", True))
    )


def realm_key() -> str:
    """The realm part of a cache key; values outside any realm get their own marker."""
    realm = get_current_realm()
    if realm is ALL_REALMS:
        return "~all"
    return f"r:{realm}" if realm else "~none"


def function_key(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """``prefix:realm:module.name:digest-of-arguments`` (arguments must have a stable repr)."""
    arguments = repr((args, sorted(kwargs.items()))).encode()
    digest = hashlib.sha256(arguments).hexdigest()[:32]
    return f"{KEY_PREFIX}:{realm_key()}:{func.__module__}.{func.__qualname__}:{digest}"


def cache_wrap(timeout: int | None = None) -> Callable[[F], F]:
    """Cache a function's result per realm for ``timeout`` seconds (``CACHE_TTL`` by default).

    The wrapped function gains ``invalidate(*args, **kwargs)``, which drops the
    current realm's entry for those arguments. A cache that is down is a miss.
    """

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not cache_enabled():
                return func(*args, **kwargs)
            key = function_key(func, args, kwargs)
            value = cache.get(key, _MISSING)
            if value is _MISSING:
                value = func(*args, **kwargs)
                ttl = timeout if timeout is not None else kit_settings.CACHE_TTL
                cache.set(key, value, ttl)
            return value

        def invalidate(*args: Any, **kwargs: Any) -> None:
            cache.delete(function_key(func, args, kwargs))

        wrapper.invalidate = invalidate  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator


def clear_cache(
    objects: Iterable[Model] | None = None,
    models: Iterable[type[Model]] | None = None,
    purge: bool = False,
) -> None:
    """Empty Django's default cache, and drop cacheops' entries of objects and models.

    ``purge`` empties cacheops' whole database; where ``FLUSHDB`` is disabled
    (as on some managed Redis services) the models seen so far are dropped
    one by one instead.
    """
    try:
        cache.clear()
    except Exception as error:  # the cache being down must not fail the write that called us
        logger.warning("could not clear the cache: %s", error)
    if not cacheops_enabled():
        return
    cacheops = import_extra("cacheops", "cache", feature="DJANGO_USE_CACHE")
    for obj in objects or ():
        cacheops.invalidate_obj(obj)
    for model in models or ():
        cacheops.invalidate_model(model)
    if purge:
        try:
            cacheops.invalidate_all()
        except Exception as error:
            logger.warning("could not flush the cacheops database: %s", error)
            from django.apps import apps

            for model in apps.get_models():
                cacheops.invalidate_model(model)


# overridable like every page of the kit
PURGE_TEMPLATE = "aether_kit/purge_cache.html"


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
@csrf_protect
@xframe_options_deny
@never_cache
def purge_cache_view(request: HttpRequest) -> HttpResponse:
    """``/admin/~purge-cache``: GET shows what a POST does; a POST empties every cache.

    Only a POST purges, and Django's CSRF check guards it for session users,
    so a link or an image on another page that a signed-in staff member's
    browser follows cannot empty the caches (aether.sdk's view purged on any
    GET). The page cannot be framed, so it cannot be clicked through a frame
    either. A POST answers the time of the purge, as aether.sdk's GET did.
    """
    if request.method != "POST":
        return render(request, PURGE_TEMPLATE)
    clear_cache(purge=True)
    logger.info("cache purged by %s", request.user.get_username())
    return JsonResponse({"time": now()})
