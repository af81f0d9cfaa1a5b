"""Consultation meetings and polls for the request tests, built through the services.

`consult(officer, request)` has the signature of `tests.hr.helpers.consult`, so the hr
helpers can use it: a request is answered only after it was linked to an agenda item of an
overlegvergadering that has been held."""

from datetime import timedelta

from django.utils import timezone

from apps.achterban import services as poll_services
from apps.achterban.models import ConstituencyPoll, QuestionKind
from apps.bestuurder import services
from apps.bestuurder.models import Request
from apps.ondernemingsraad import services as meeting_services
from apps.ondernemingsraad.models import AgendaItem, ItemKind, MeetingKind


def meeting_item(
    actor,
    *,
    kind=MeetingKind.CONSULTATION,
    held=True,
    title="Overlegvergadering",
    item_title="Adviesaanvraag reorganisatie",
    starts_at=None,
) -> AgendaItem:
    """An accepted agenda item of a new meeting (today by default), held or not yet."""
    meeting = meeting_services.meeting_create(
        actor=actor,
        kind=kind,
        title=title,
        starts_at=starts_at or timezone.now(),
        location="Directiekamer",
    )
    item = meeting_services.item_propose(
        actor=actor, meeting=meeting, title=item_title, kind=ItemKind.DISCUSSION, accept=True
    )
    if held:
        meeting_services.meeting_fix_agenda(actor=actor, meeting=meeting)
        meeting_services.meeting_mark_held(actor=actor, meeting=meeting)
    item.refresh_from_db()
    return item


def consult(officer, request: Request, item: AgendaItem | None = None) -> None:
    """Link the request to an item of a held overlegvergadering (a new one unless given)."""
    item = item or meeting_item(officer)
    services.request_record_consultation(actor=officer, request=request, item=item)
    request.refresh_from_db()


def closed_poll(actor, *, title="Peiling avonddiensten", answers=()) -> ConstituencyPoll:
    """A published poll with a single-choice and an open question, answered by the given
    (user, option index, text) triples and then closed as the beat task would."""
    now = timezone.now()
    poll = poll_services.poll_create(
        actor=actor,
        title=title,
        introduction="",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        for_everyone=True,
    )
    choice = poll_services.poll_question_add(
        actor=actor, poll=poll, text="Wilt u avonddiensten?", kind=QuestionKind.SINGLE, options=["Ja", "Nee"]
    )
    remark = poll_services.poll_question_add(
        actor=actor, poll=poll, text="Toelichting", kind=QuestionKind.OPEN, required=False
    )
    poll_services.poll_publish(actor=actor, poll=poll)
    options = list(choice.options.all())
    for user, index, text in answers:
        poll_services.poll_answer_submit(
            respondent=user, poll=poll, answers={choice.pk: options[index].pk, remark.pk: text}
        )
    ConstituencyPoll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    poll_services.poll_close(poll_id=poll.pk)
    poll.refresh_from_db()
    return poll


def open_poll(actor, *, title="Open peiling") -> ConstituencyPoll:
    now = timezone.now()
    poll = poll_services.poll_create(
        actor=actor,
        title=title,
        introduction="",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        for_everyone=True,
    )
    poll_services.poll_question_add(
        actor=actor, poll=poll, text="Hoe tevreden bent u?", kind=QuestionKind.SCALE
    )
    poll_services.poll_publish(actor=actor, poll=poll)
    return poll


def give_consent(officer, request: Request, outcome="instemming") -> None:
    consult(officer, request)
    services.consent_answer(
        actor=officer,
        request=request,
        outcome=outcome,
        reasons="De OR kan zich vinden in de regeling.",
        conditions="Evaluatie na een jaar." if outcome == "voorwaardelijk" else "",
    )
    request.refresh_from_db()
