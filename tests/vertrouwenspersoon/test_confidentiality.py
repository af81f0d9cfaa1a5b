"""Nobody but the reporter and their counsellor ever sees a melding.

Every persona other than those two requests every URL of the portal (the admin
included, with staff holding every model-wide permission) and no response may
contain the melding's marker, which stands in its text, message and attachment.
"""

import pytest
from django.contrib.auth.models import Permission

from apps.accounts.roles import Role
from tests.access_cases import EXEMPT, build_world
from tests.conftest import client_for
from tests.url_walk import all_entries, sample_path

pytestmark = pytest.mark.django_db

MARKER = b"7Q4X"
OUTSIDERS = [
    "hr",
    "bestuurder",
    "or_lid",
    "or_voorzitter",
    "or_secretaris",
    "outsider",
    "andere_vertrouwenspersoon",
    "staff",
    "superuser",
    "medewerker_2",
    "anonymous",
]


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_no_url_shows_melding_content_to_anyone_else(personas, make_user):
    personas["staff"].user_permissions.add(*Permission.objects.all())
    personas["medewerker_2"] = make_user("medewerker_2", [Role.EMPLOYEE])
    world = build_world(personas)
    leaks = []
    for entry in all_entries():
        if entry.name in EXEMPT:
            continue
        url = sample_path(entry, world)
        for persona in OUTSIDERS:
            client = client_for(personas[persona])
            for response in (client.get(url), client.post(url)):
                if MARKER in body_of(response):
                    leaks.append(f"{persona} {response.request['REQUEST_METHOD']} {url}")
    assert leaks == []


def test_the_reporter_and_the_counsellor_do_see_it(personas, login):
    world = build_world(personas)
    from django.urls import reverse

    report = world["report"]
    assert (
        MARKER
        in login(personas["medewerker"])
        .get(reverse("vertrouwenspersoon:report-detail", args=[report.pk]))
        .content
    )
    assert (
        MARKER
        in login(personas["vertrouwenspersoon"])
        .get(reverse("vertrouwenspersoon:case-detail", args=[report.pk]))
        .content
    )
