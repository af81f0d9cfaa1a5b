"""A password change or reset logs the user out everywhere else."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.helpers import signed_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nieuw-en-lang-2026"


def change_password(client):
    return client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_a_password_change_logs_out_the_other_sessions_but_not_this_one(personas, login):
    here, elsewhere = login(personas["hr"]), login(personas["hr"])

    assert change_password(here).status_code == 302

    assert here.get(reverse("core:home")).status_code == 200
    response = elsewhere.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not signed_in(elsewhere)


def test_a_counsellor_stays_verified_after_changing_the_password(personas, login):
    here, elsewhere = login(personas["vertrouwenspersoon"]), login(personas["vertrouwenspersoon"])

    change_password(here)

    assert here.get(reverse("vertrouwenspersoon:case-list")).status_code == 200
    assert elsewhere.get(reverse("vertrouwenspersoon:case-list"))["Location"].startswith(reverse("login"))


def test_other_users_stay_logged_in(personas, login):
    other = login(personas["medewerker"])

    change_password(login(personas["hr"]))

    assert other.get(reverse("core:home")).status_code == 200


def test_a_password_reset_logs_out_every_session(personas, login, client):
    user = personas["hr"]
    first, second = login(user), login(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    for session in (first, second):
        assert session.get(reverse("core:home"))["Location"].startswith(reverse("login"))
    assert not signed_in(client)
