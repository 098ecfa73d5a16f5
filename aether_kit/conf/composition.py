"""One call that runs the ``configure_*`` functions a project lists and merges their settings.

Each ``configure_*`` reports every problem of its own area in one error. A
settings module that called them one after the other would still stop at the
first area with a problem, so a deployment missing variables of five areas
would need five failed starts to learn of them all. :func:`compose` runs every
area, gathers the problems of all of them and raises them as one
:class:`~aether_kit.conf.EnvError`.

It returns only when every area succeeded, so no placeholder value of a failed
read ever reaches the settings module: Django cannot see a half-built setting.
And since no two areas may write the same setting, the order in which they are
listed changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .env import Env, EnvError, Problem

__all__ = ["Area", "compose"]

Area = Callable[[Env], Mapping[str, Any]]


def compose(env: Env, *areas: Area) -> dict[str, Any]:
    """The settings of every area, merged; every bad variable of every area in one error.

    An area is any function of the ``Env`` that returns a dict of settings:
    the kit's ``configure_*`` functions, or a project's own (wrap its reads in
    ``env.collect_errors()`` so that it, too, reports all of its problems).
    A setting returned by two areas is refused, naming both: one of them would
    silently win.
    """
    settings: dict[str, Any] = {}
    writers: dict[str, str] = {}
    problems: list[Problem] = []
    for area in areas:
        try:
            result = area(env)
        except EnvError as error:
            problems.extend(error.problems)
            continue
        name = getattr(area, "__name__", repr(area))
        for key, value in result.items():
            if key in writers:
                raise ImproperlyConfigured(
                    f"{key} is written by both {writers[key]} and {name}; "
                    "each setting must have one writer."
                )
            writers[key] = name
            settings[key] = value
    if problems:
        # a variable two areas read (DEBUG, APP_URL …) is listed once; raised here, outside
        # any handler, so no chained traceback of the first area's error comes above it
        raise EnvError(list(dict.fromkeys(problems))) from None
    return settings
