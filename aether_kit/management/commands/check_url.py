"""``manage.py check_url -u URL [-t TOKEN]``: exit 0 when the URL answers, else 1 with the reason.

Made for container start-up scripts waiting on a sibling service: the answer
comes within the configured timeouts and a failure is one line saying why
(timeout, name not resolved, connection refused, status), never the token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aether_kit.external import auth_header, get_session


def shown_url(url: str) -> str:
    """The URL without user information, which may hold a password."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def failure_reason(error: requests.RequestException) -> str:
    """One line a person can act on, built from the exception's type and cause."""
    if isinstance(error, requests.ConnectTimeout):
        return "timed out while connecting"
    if isinstance(error, requests.Timeout):
        return "timed out waiting for an answer"
    if isinstance(
        error,
        (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ),
    ):
        return "it is not a valid http:// or https:// URL"
    if isinstance(error, requests.ConnectionError):
        text = str(error)
        if "NameResolutionError" in text or "Name or service not known" in text:
            return "the host name could not be resolved"
        if "Connection refused" in text or "ConnectionRefusedError" in text:
            return "the connection was refused"
        return "the connection failed"
    return type(error).__name__


class Command(BaseCommand):
    help = "Checks that a URL answers a HEAD request with a success status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-u", "--url", required=True, help="the URL to check")
        parser.add_argument(
            "-t", "--token", default=None, help="sent as 'Authorization: Token <token>'"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url: str = options["url"]
        token: str | None = options["token"]
        headers = auth_header(token) if token else {}
        try:
            with get_session() as session:
                response = session.head(url, headers=headers, allow_redirects=True)
        except requests.RequestException as error:
            raise CommandError(
                f"{shown_url(url)} is not responding: {failure_reason(error)}."
            ) from None
        if response.status_code >= 400:
            raise CommandError(
                f"{shown_url(url)} is not responding: it answered {response.status_code}."
            )
        self.stdout.write(f"{shown_url(url)} is responding.")
