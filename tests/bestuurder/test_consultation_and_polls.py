"""The overlegvergadering a request was discussed at, and constituency polls as support for
the OR's answer, through the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.bestuurder import policy, services
from apps.bestuurder.models import RequestPoll, RequestState
from apps.ondernemingsraad import services as meeting_services
from apps.ondernemingsraad.models import MeetingKind
from tests.bestuurder.helpers import closed_poll, consult, meeting_item, open_poll
from tests.factories import DepartmentFactory
from tests.hr.helpers import consent_request_for, file_request, latest, make_draft, send_to_executive

pytestmark = pytest.mark.django_db

OPEN_TEXT = "Ik werk als enige 's avonds op de afdeling (TOELICHTING-93)."


def url(name, request, **kwargs):
    return reverse(f"bestuurder:request-{name}", kwargs={"pk": request.pk, **kwargs})


def answer_advice(client, request):
    part1, part2 = request.parts.all()
    return client.post(
        url("answer", request),
        {
            f"choice_{part1.pk}": "positief",
            f"choice_{part2.pk}": "positief",
            "reasons": "De OR adviseert positief over beide onderdelen.",
        },
    )


# --- the overlegvergadering -----------------------------------------------------------------------


def test_the_officer_chooses_the_item_and_then_answers(personas, login):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"], title="Overlegvergadering mei", item_title="Reorganisatie")
    officer = login(personas["or_voorzitter"])
    page = officer.get(url("detail", request)).content.decode()
    assert "Overlegvergadering mei: Reorganisatie" in page
    assert answer_advice(officer, request).status_code == 200  # refused: not yet discussed
    response = officer.post(url("consultation", request), {"consultation-item": item.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.consultation_item == item and request.state == RequestState.CONSULTED
    assert answer_advice(officer, request).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ADVISED


def test_the_request_page_links_the_item_for_who_may_see_it(personas, login):
    item = meeting_item(personas["or_secretaris"], title="Overlegvergadering mei", item_title="Reorganisatie")
    request = file_request(personas["bestuurder"])
    consult(personas["or_secretaris"], request, item)
    item_url = reverse("ondernemingsraad:item-detail", args=[item.pk])
    for name in ("or_lid", "bestuurder"):
        page = login(personas[name]).get(url("detail", request)).content.decode()
        assert item_url in page
        assert "Overlegvergadering mei" in page and "Reorganisatie" in page


def test_hr_sees_only_the_date_of_the_overleg_on_a_consent_request(personas, login):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    request = consent_request_for(personas["bestuurder"], latest(draft))
    item = meeting_item(personas["or_secretaris"], title="Overleg Q2", item_title="Punt GEHEIM-ITEM-12")
    consult(personas["or_secretaris"], request, item)
    page = login(personas["hr"]).get(url("detail", request)).content.decode()
    assert timezone.localdate().strftime("%d-%m-%Y") in page
    assert "GEHEIM-ITEM-12" not in page and "Overleg Q2" not in page
    assert reverse("ondernemingsraad:item-detail", args=[item.pk]) not in page


@pytest.mark.parametrize("which", ["intern", "not_held"])
def test_an_item_of_an_or_intern_or_not_yet_held_meeting_is_refused(personas, login, which):
    request = file_request(personas["bestuurder"])
    if which == "intern":
        item = meeting_item(personas["or_secretaris"], kind=MeetingKind.INTERNAL, title="OR-vergadering")
    else:
        item = meeting_item(personas["or_secretaris"], held=False)
    response = login(personas["or_secretaris"]).post(
        url("consultation", request), {"consultation-item": item.pk}
    )
    assert response.status_code == 200
    assert response.context["forms"]["consultation"].errors["item"]
    request.refresh_from_db()
    assert request.consultation_item is None and request.state == RequestState.RECEIVED


def test_an_item_the_officer_cannot_see_gets_the_same_error_as_a_missing_one(personas, login):
    request = file_request(personas["bestuurder"])
    committee = meeting_services.committee_create(
        actor=personas["or_lid"], name="Commissie arbo", description="", members=[personas["or_lid"]]
    )
    meeting = meeting_services.meeting_create(
        actor=personas["or_lid"],
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        title="Commissie arbo",
        starts_at=timezone.now(),
    )
    hidden = meeting_services.item_propose(
        actor=personas["or_lid"], meeting=meeting, title="GEHEIM-PUNT-55", kind="bespreking", accept=True
    )
    client = login(personas["or_secretaris"])
    errors = []
    for pk in (hidden.pk, 999999):
        response = client.post(url("consultation", request), {"consultation-item": pk})
        assert response.status_code == 200
        assert "GEHEIM-PUNT-55" not in response.content.decode()
        errors.append(response.context["forms"]["consultation"].errors["item"])
    assert errors[0] == errors[1]


def test_the_consultation_choices_are_not_queried_for_a_reader(personas, login):
    request = file_request(personas["bestuurder"])
    meeting_item(personas["or_secretaris"], item_title="Reorganisatie")
    page = login(personas["or_lid"]).get(url("detail", request)).content.decode()
    assert 'name="consultation-item"' not in page


# --- constituency polls -----------------------------------------------------------------------------


def test_an_officer_attaches_and_removes_a_closed_poll(personas, login):
    request = file_request(personas["bestuurder"])
    poll = closed_poll(personas["or_secretaris"], answers=[(personas["medewerker"], 0, "")])
    client = login(personas["or_voorzitter"])
    assert poll.title in client.get(url("detail", request)).content.decode()  # offered
    response = client.post(url("poll-attach", request), {"poll-poll": poll.pk})
    assert response.status_code == 302
    attachment = RequestPoll.objects.get(request=request)
    assert attachment.poll == poll and attachment.attached_by == personas["or_voorzitter"]
    page = client.get(url("detail", request)).content.decode()
    assert "Wilt u avonddiensten?" in page
    assert reverse("achterban:poll-results", args=[poll.pk]) in page
    response = client.post(url("poll-detach", request, poll_pk=poll.pk))
    assert response.status_code == 302
    assert not RequestPoll.objects.exists()
    assert client.post(url("poll-detach", request, poll_pk=poll.pk)).status_code == 302  # idempotent


def test_only_officers_attach_polls(personas, login):
    request = file_request(personas["bestuurder"])
    poll = closed_poll(personas["or_secretaris"])
    for name in ("or_lid", "bestuurder", "hr", "medewerker"):
        response = login(personas[name]).post(url("poll-attach", request), {"poll-poll": poll.pk})
        assert response.status_code == 403, name
    services.request_poll_attach(actor=personas["or_secretaris"], request=request, poll=poll)
    response = login(personas["or_lid"]).post(url("poll-detach", request, poll_pk=poll.pk))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.request_poll_attach(actor=personas["or_lid"], request=request, poll=poll)
    assert RequestPoll.objects.count() == 1


def test_an_open_poll_cannot_be_attached(personas, login):
    request = file_request(personas["bestuurder"])
    poll = open_poll(personas["or_secretaris"])
    assert not policy.attachable_polls(personas["or_secretaris"], request).filter(pk=poll.pk).exists()
    response = login(personas["or_secretaris"]).post(url("poll-attach", request), {"poll-poll": poll.pk})
    assert response.status_code == 200
    assert response.context["forms"]["poll"].errors["poll"]
    with pytest.raises(ValidationError, match="closed poll"):
        services.request_poll_attach(actor=personas["or_secretaris"], request=request, poll=poll)
    assert not RequestPoll.objects.exists()


def test_polls_are_attached_only_until_the_or_answers(personas):
    request = file_request(personas["bestuurder"])
    poll = closed_poll(personas["or_secretaris"])
    consult(personas["or_secretaris"], request)
    services.advice_answer(
        actor=personas["or_secretaris"],
        request=request,
        advice=[services.PartAdvice(part, "positief", "") for part in request.parts.all()],
        reasons="De OR adviseert positief.",
    )
    request.refresh_from_db()
    assert not policy.RequestPerms(personas["or_secretaris"], request).can_attach_polls
    with pytest.raises(ValidationError, match="until the works council answers"):
        services.request_poll_attach(actor=personas["or_secretaris"], request=request, poll=poll)


def test_hr_and_employees_never_reach_an_advice_request_with_a_poll(personas, login):
    request = file_request(personas["bestuurder"])
    poll = closed_poll(personas["or_secretaris"])
    services.request_poll_attach(actor=personas["or_secretaris"], request=request, poll=poll)
    assert login(personas["hr"]).get(url("detail", request)).status_code == 404
    assert login(personas["medewerker"]).get(url("detail", request)).status_code == 403
    assert login(personas["outsider"]).get(url("detail", request)).status_code == 403


def test_the_executive_sees_the_suppressed_figures_only(personas, login, make_user):
    big = DepartmentFactory(name="Klantenservice", code="ks")
    small = DepartmentFactory(name="Directiesecretariaat", code="ds")
    people = [make_user(f"ks{n}", [Role.EMPLOYEE], department=big) for n in range(5)]
    people += [make_user(f"ds{n}", [Role.EMPLOYEE], department=small) for n in range(2)]
    answers = [(person, 1, OPEN_TEXT if n == 5 else "") for n, person in enumerate(people)]
    poll = closed_poll(personas["or_secretaris"], answers=answers)
    request = file_request(personas["bestuurder"])
    services.request_poll_attach(actor=personas["or_secretaris"], request=request, poll=poll)

    response = login(personas["bestuurder"]).get(url("detail", request))
    page = response.content.decode()
    assert "7 people took part." in page
    assert "TOELICHTING-93" not in page  # open answers stay with the OR
    assert "Open answers are not shared outside the works council." in page
    # one department would be too small, so no breakdown at all (the small-number rule)
    assert "No breakdown per department can be shown" in page
    assert reverse("achterban:poll-results", args=[poll.pk]) not in page
    [attached] = response.context["file"].polls
    assert all(not q.open_answers for q in attached.results.questions)
