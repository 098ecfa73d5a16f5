"""Running a management command and finding the users it made."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command


def run(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def user(username):
    return get_user_model().objects.get(username=username)
