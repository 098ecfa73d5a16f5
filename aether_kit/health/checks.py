"""Moved: the readiness probes live in :mod:`aether_kit.health.probes`.

``HEALTH_CHECKS`` entries written as ``aether_kit.health.checks.<Name>`` keep working.
"""

from aether_kit.health.probes import *  # noqa: F403
