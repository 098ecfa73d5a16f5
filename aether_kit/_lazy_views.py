"""URL patterns whose class-based view is imported by the first request that reaches it.

Loading a URLconf imports every view module it names, and with them their own
imports (forms, outbound HTTP clients, templates machinery). A worker that
serves only the API would keep all of that in memory for pages it never
serves: the health probes, the tokens page, sign-in, logout. The kit's URLs
therefore name their views by dotted path::

    lazy_path("health", "aether_kit.health.views.HealthView", name="health")

which resolves, reverses and passes Django's URL checks as
``path("health", HealthView.as_view(), name="health")`` does. The view class
is imported, and ``as_view(**initkwargs)`` called once, when a request first
resolves to the pattern (or when something asks the view for one of its
attributes: ``view_class``, ``csrf_exempt``, DRF's ``cls``). A mistyped path
still stops ``manage.py check``: the kit's check of token proxies reads every
pattern's view class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern
from django.urls.resolvers import RoutePattern
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

__all__ = ["LazyView", "lazy_path"]

View = Callable[..., HttpResponseBase]


class LazyView:
    """Stands for ``import_string(dotted_path).as_view(**initkwargs)`` until first used.

    Calling it, or reading any attribute the real view has (``view_class``,
    ``view_initkwargs``, ``csrf_exempt``, ``login_required``, DRF's ``cls`` and
    ``initkwargs``), imports the class and builds the view once; the result is
    what Django, its middleware and DRF would have seen from ``as_view()``.
    Special (dunder) names are never forwarded, so copying, pickling probes or
    ``functools.wraps`` cannot import the view by accident.
    """

    def __init__(self, dotted_path: str, initkwargs: dict[str, Any] | None = None) -> None:
        self.dotted_path = dotted_path
        self._initkwargs = dict(initkwargs or {})
        # what Django prints for a function view; ResolverMatch reads view_class first
        self.__module__, _, self.__qualname__ = dotted_path.rpartition(".")
        self.__name__ = self.__qualname__
        self._view: View | None = None

    @property
    def view(self) -> View:
        """The real view, imported and built on first access.

        Two threads meeting the first request at once may both build it (the
        import itself happens once); either result is the same view.
        """
        if self._view is None:
            self._view = import_string(self.dotted_path).as_view(**self._initkwargs)
        return self._view

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.view(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # only called for names this object lacks; its own state is set in __init__
        if name.startswith("__") or name in ("_view", "_initkwargs"):
            raise AttributeError(name)
        return getattr(self.view, name)

    def __repr__(self) -> str:
        return f"<LazyView {self.dotted_path}>"


class LazyURLPattern(URLPattern):
    """A ``URLPattern`` of a :class:`LazyView` that names its view without importing it.

    Django's ``lookup_str`` (collected for every pattern by the first
    ``reverse()``) would ask the callback for ``view_class`` and so import every
    view of the URLconf; the dotted path is the same string.
    """

    callback: LazyView

    @cached_property
    def lookup_str(self) -> str:
        return self.callback.dotted_path


def lazy_path(
    route: str,
    view: str,
    kwargs: dict[str, Any] | None = None,
    name: str | None = None,
    **initkwargs: Any,
) -> URLPattern:
    """``path(route, <view>.as_view(**initkwargs), kwargs, name)``, the view named by dotted path.

    ``view`` is the dotted path of a class-based view (Django's ``View`` or
    DRF's ``APIView``), written where the class is defined.
    """
    pattern = RoutePattern(route, name=name, is_endpoint=True)
    return LazyURLPattern(pattern, LazyView(view, initkwargs), kwargs or {}, name)
