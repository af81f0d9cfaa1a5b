import pytest
from django.conf import settings

from tests.conftest import client_for


@pytest.fixture
def english_login():
    """Like `login`, for tests that read English page text (source strings, before translation)."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
