"""Fixtures for test folders that check messages and pages in English, the source language.

A folder opts in from its conftest.py: `from tests.english import english, login  # noqa: F401`."""

import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import client_for


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def login():
    def english_client(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return english_client
