import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_username_and_password(client, personas):
    response = client.post(reverse("login"), {"username": "medewerker", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_wrong_password_keeps_the_username_and_says_why(client, personas):
    response = client.post(reverse("login"), {"username": "medewerker", "password": "fout"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="medewerker"' in page
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in page


def test_logout_needs_a_post_and_ends_the_session(login, personas):
    client = login(personas["medewerker"])
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_a_password_change_keeps_the_user_logged_in(login, personas):
    client = login(personas["hr"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "Nieuw-en-lang-2026",
            "new_password2": "Nieuw-en-lang-2026",
        },
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd" in response.content.decode()
    personas["hr"].refresh_from_db()
    assert personas["hr"].check_password("Nieuw-en-lang-2026")


def test_a_too_short_new_password_is_refused(login, personas):
    response = login(personas["hr"]).post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "te kort" in response.content.decode()


def test_a_password_reset_mails_a_working_link(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "medewerker@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/account/wachtwoord/nieuw/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert 'name="new_password1"' in form_page.content.decode()


def test_a_reset_for_an_unknown_address_reads_the_same_and_sends_nothing(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("password_reset"), {"email": "medewerker@example.org"}, follow=True)
        unknown = client.post(reverse("password_reset"), {"email": "niemand@example.org"}, follow=True)
    assert len(mail.outbox) == 1
    message = "Als dit adres bij een account hoort"
    assert message in known.content.decode() and message in unknown.content.decode()


def test_a_reset_with_an_invalid_address_keeps_the_input(client):
    response = client.post(reverse("password_reset"), {"email": "geen-adres"})
    assert response.status_code == 200
    assert 'value="geen-adres"' in response.content.decode()
