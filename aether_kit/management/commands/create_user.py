"""``manage.py create_user -u <username> -p <password> [-t token] [-r realm]``.

With multitenancy on ``--realm`` is required: the user is stored as
``<realm>__<username>`` and put in the realm's group.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aether_kit.conf import kit_settings
from aether_kit.multitenancy.realms import InvalidRealm, realm_username, validate_realm
from aether_kit.multitenancy.users import add_user_to_realm

from ._users import replace_token

REALM_REQUIRED = "Multitenancy is on: --realm (-r) is required to say which realm the user is in."


class Command(BaseCommand):
    help = "Create or update a user (in a realm when multitenancy is on) and its auth token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", "-u", required=True, help="username")
        parser.add_argument("--password", "-p", required=True, help="password")
        parser.add_argument("--token", "-t", default=None, help="auth token")
        parser.add_argument("--realm", "-r", default=None, help="realm of the user")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        realm: str | None = options["realm"]
        if kit_settings.MULTITENANCY:
            if not realm:
                raise CommandError(REALM_REQUIRED)
            try:
                realm = validate_realm(realm)
            except InvalidRealm as error:
                raise CommandError(f"--realm {realm!r}: {error}") from error
        else:
            realm = None

        manager = get_user_model()._default_manager
        stored = realm_username(realm, username)
        user, created = manager.get_or_create(username=stored)
        if created:
            self.stdout.write(f'Created user "{username}"')
        user.set_password(options["password"])
        user.save()
        self.stdout.write(f'Updated user "{username}"')
        if realm is not None:
            add_user_to_realm(user, realm)
            self.stdout.write(f'Added user "{username}" to realm "{realm}"')
        if options["token"]:
            replace_token(self, user, options["token"], username)
