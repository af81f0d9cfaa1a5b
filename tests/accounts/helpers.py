"""Shared steps for the login-security tests: English clients and the login form."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

PASSWORD = "correct-horse-battery"


def english_client(**defaults) -> Client:
    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client: Client, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def main_of(response) -> str:
    """The page's <main> element without input values (CSRF token, typed username)."""
    page = response.content.decode()
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    return re.sub(r'value="[^"]*"', 'value=""', main)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
