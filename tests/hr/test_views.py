"""Policy pages: the library for employees, drafts for HR and whom HR shares them with."""

import pytest
from django.urls import reverse

from apps.hr import services
from tests.hr.helpers import TEXT_V1, latest, make_draft, published_policy, save_version, send_to_executive

pytestmark = pytest.mark.django_db


def draft_url(name, draft, **kwargs):
    return reverse(f"hr:draft-{name}", kwargs={"pk": draft.pk, **kwargs})


# --- the library -----------------------------------------------------------------------------------


def test_employees_see_the_published_version_and_its_consent(personas, login):
    draft, version = published_policy(personas)
    response = login(personas["medewerker"]).get(reverse("hr:library-detail", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "twee dagen per week" in content
    assert "01-01-2026" in content
    assert "Consent given" in content


def test_the_library_hides_drafts(personas, login):
    draft = make_draft(personas["hr"], title="Geheim concept")
    client = login(personas["medewerker"])
    assert "Geheim concept" not in client.get(reverse("hr:library-list")).content.decode()
    assert client.get(reverse("hr:library-detail", args=[draft.pk])).status_code == 404


def test_the_library_asks_to_sign_in(login):
    response = login(None).get(reverse("hr:library-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warms the content-type cache guardian reads
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _publish_more(personas, n):
    for i in range(n):
        draft = make_draft(personas["hr"], title=f"Regeling {i}")
        send_to_executive(personas["hr"], draft)
        services.version_publish(
            actor=personas["hr"], version=latest(draft), exemption_reason="Geregeld in de CAO."
        )


def test_library_queries_are_the_same_for_one_and_ten_policies(personas, login, django_assert_num_queries):
    published_policy(personas)
    client = login(personas["medewerker"])
    one = _count(client, reverse("hr:library-list"))
    _publish_more(personas, 9)
    with django_assert_num_queries(one):
        response = client.get(reverse("hr:library-list"))
    assert len(response.context["page"].object_list) == 10


def test_draft_list_queries_are_the_same_for_one_and_ten_drafts(personas, login, django_assert_num_queries):
    make_draft(personas["hr"])
    client = login(personas["hr"])
    one = _count(client, reverse("hr:draft-list"))
    for n in range(9):
        make_draft(personas["hr"], title=f"Concept {n}")
    with django_assert_num_queries(one):
        response = client.get(reverse("hr:draft-list"))
    assert len(response.context["page"].object_list) == 10


def test_employees_confirm_reading(personas, login):
    draft, version = published_policy(personas)
    services.read_confirmation_request(actor=personas["hr"], policy=draft)
    client = login(personas["medewerker"])
    response = client.post(reverse("hr:library-confirm", args=[draft.pk]))
    assert response.status_code == 302
    assert version.read_confirmations.filter(user=personas["medewerker"]).exists()
    hr_page = login(personas["hr"]).get(draft_url("detail", draft)).content.decode()
    assert personas["medewerker"].display_name in hr_page


# --- drafts -----------------------------------------------------------------------------------------------


def test_hr_creates_a_draft(personas, login):
    response = login(personas["hr"]).post(
        reverse("hr:draft-create"),
        {
            "title": "Verzuimbeleid",
            "subject": "arbo-verzuim-reintegratie",
            "text": "Meld je ziek voor 9 uur.",
            "effective_date": "2026-03-01",
            "change_summary": "Eerste versie.",
        },
    )
    assert response.status_code == 302


def test_a_draft_without_summary_is_shown_again_with_the_text(personas, login):
    response = login(personas["hr"]).post(
        reverse("hr:draft-create"),
        {
            "title": "Verzuimbeleid",
            "subject": "arbo-verzuim-reintegratie",
            "text": "Meld je ziek voor 9 uur.",
            "effective_date": "2026-03-01",
            "change_summary": "",
        },
    )
    assert response.status_code == 200
    assert "Meld je ziek voor 9 uur." in response.content.decode()
    assert response.context["form"].errors["change_summary"]


def test_only_hr_creates_drafts_in_the_portal(personas, login):
    assert login(personas["or_secretaris"]).get(reverse("hr:draft-create")).status_code == 403
    assert login(personas["medewerker"]).get(reverse("hr:draft-list")).status_code == 403


def test_drafts_are_404_for_or_members_they_are_not_shared_with(personas, login):
    draft = make_draft(personas["hr"])
    assert login(personas["or_lid"]).get(draft_url("detail", draft)).status_code == 404
    assert login(personas["bestuurder"]).get(draft_url("detail", draft)).status_code == 404


def test_a_shared_or_member_reads_and_comments_but_never_sees_hr_comments(personas, login):
    draft = make_draft(personas["hr"])
    services.policy_share(actor=personas["hr"], policy=draft, member=personas["or_lid"])
    services.comment_add(actor=personas["hr"], policy=draft, body="Intern HR-punt 9X")
    client = login(personas["or_lid"])
    response = client.post(draft_url("comment", draft), {"comment-body": "Denk aan parttimers 7Q"})
    assert response.status_code == 302
    page = client.get(draft_url("detail", draft)).content.decode()
    assert TEXT_V1.split("\n")[0] in page
    assert "Denk aan parttimers 7Q" in page
    assert "Intern HR-punt 9X" not in page
    hr_page = login(personas["hr"]).get(draft_url("detail", draft)).content.decode()
    assert "Denk aan parttimers 7Q" in hr_page and "Intern HR-punt 9X" in hr_page


def test_a_shared_or_member_may_not_edit(personas, login):
    draft = make_draft(personas["hr"])
    services.policy_share(actor=personas["hr"], policy=draft, member=personas["or_lid"])
    client = login(personas["or_lid"])
    assert client.get(draft_url("version-create", draft)).status_code == 403


def test_the_executive_reads_but_may_not_comment(personas, login):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    client = login(personas["bestuurder"])
    assert client.get(draft_url("detail", draft)).status_code == 200
    assert client.post(draft_url("comment", draft), {"comment-body": "x"}).status_code == 403


def test_hr_saves_a_new_version(personas, login):
    draft = make_draft(personas["hr"])
    response = login(personas["hr"]).post(
        draft_url("version-create", draft),
        {
            "title": "Thuiswerkregeling",
            "subject": "arbeidstijden-vakantie",
            "text": "Nieuwe tekst.",
            "effective_date": "2026-01-01",
            "change_summary": "Herschreven.",
        },
    )
    assert response.status_code == 302
    assert latest(draft).number == 2


def test_the_compare_page_shows_a_redline(personas, login):
    draft = make_draft(personas["hr"])
    save_version(personas["hr"], draft)
    response = login(personas["hr"]).get(draft_url("compare", draft), {"a": 1, "b": 2})
    content = response.content.decode()
    assert "<del>twee</del><ins>drie</ins>" in content


def test_publishing_without_consent_shows_why(personas, login):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    response = login(personas["hr"]).post(draft_url("publish", draft), {"publish-number": 1})
    assert response.status_code == 200
    assert "has not consented to this exact version" in response.content.decode()
    assert latest(draft).published_at is None


def test_a_refused_transition_is_explained(personas, login):
    draft = make_draft(personas["hr"])
    response = login(personas["hr"]).post(
        draft_url("transition", draft), {"transition-to_state": "gepubliceerd"}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == "concept"


def test_the_hr_home_panel_lists_drafts(personas, login):
    make_draft(personas["hr"], title="Opleidingsbeleid")
    assert "Opleidingsbeleid" in login(personas["hr"]).get(reverse("core:home")).content.decode()
