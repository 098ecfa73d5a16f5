"""Two services that answer the same realm list, run as real servers by ``test_servers.py``.

``plain``: Django + DRF and nothing else (one middleware, no authentication), the
baseline. ``kit``: the README's Quick start as it is written (``compose``,
``kit_apps``, ``kit_middleware``, ``MtViewSetMixin``, the gateway's URLs), answering
a gateway JWT. Both list ``id``, ``name`` and ``realm`` of one realm's projects, ten
to a page, from their own table of the same rows in one PostgreSQL database.
"""
