"""``manage.py setup_admin -p <password> [-u admin] [-e email] [-t token]``.

Creates the superuser if missing, (re)sets its password and, with ``--token``,
replaces its DRF auth token (when ``rest_framework.authtoken`` is installed).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from ._users import replace_token


class Command(BaseCommand):
    help = "Create or update the admin user and, optionally, its auth token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", "-u", default="admin", help="admin username")
        parser.add_argument("--password", "-p", required=True, help="admin password")
        parser.add_argument("--email", "-e", default="admin@ehealthafrica.org", help="admin e-mail")
        parser.add_argument("--token", "-t", default=None, help="admin auth token")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        manager = get_user_model()._default_manager
        if not manager.filter(username=username).exists():
            manager.create_superuser(username, options["email"], options["password"])
            self.stdout.write(f'Created superuser "{username}"')
        admin = manager.get(username=username)
        admin.set_password(options["password"])
        admin.save()
        self.stdout.write(f'Updated user "{username}"')
        if options["token"]:
            replace_token(self, admin, options["token"], username)
