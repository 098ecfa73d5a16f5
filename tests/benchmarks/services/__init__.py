"""Services that answer the same realm list, run as real servers by ``test_servers.py``.

``plain``: Django + DRF and nothing else (one middleware, no authentication), the
baseline; ``plain.django_middleware``: the same with the middleware ``django-admin
startproject`` writes. ``kit``: the README's Quick start as it is written
(``compose``, ``kit_apps``, ``kit_middleware``, ``MtViewSetMixin``, the gateway's
URLs), answering a gateway JWT. All list ``id``, ``name`` and ``realm`` of one
realm's projects, ten to a page, from a table of the same rows in one PostgreSQL
database (the plain services share theirs).
"""
