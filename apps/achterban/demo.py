"""Demo content for `seed_demo` (development only): questions to the OR, polls and news.

The demo has only a handful of users, too few for a poll's results to be shown
under the small-number rule. The demo employees answer through the service, and
the closed poll gets a few dozen simulated responses on top (rows in the answer
tables only: they stand for colleagues who have no demo account). Every part is
guarded, so running the step twice changes nothing.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from apps.accounts.models import User

from . import services
from .models import (
    ConstituencyPoll,
    ConstituencyQuestion,
    NewsItem,
    PollAnswer,
    PollQuestion,
    PollResponse,
    QuestionKind,
)

CLOSED_POLL = "Werkdruk en thuiswerken 2026"
OPEN_POLL = "Het nieuwe bedrijfsrestaurant"
EMPLOYEES = ("medewerker", "or-lid", "or-voorzitter", "or-secretaris", "hr", "bestuurder")
# department code -> simulated respondents of the closed poll, besides the demo users
SIMULATED = {"klantenservice": 8, "ict": 6, "financien": 5, "facilitaire-dienst": 2, "personeelszaken": 1}
# Fixed answer patterns (indexes of options), so the demo results look like a real poll.
DAYS = [2, 1, 2, 3, 0, 2, 1, 3, 2, 0, 1, 2, 3]
RELIEF = [(0,), (0, 3), (1,), (0, 2), (3,), (0, 1), (2, 3), (0,), (1, 3)]
PRESSURE = [4, 3, 5, 4, 2, 4, 3, 4, 5, 3, 4]
REMARKS = [
    "Plan vergaderingen niet allemaal op dinsdag.",
    "De laptops zijn te traag voor videobellen.",
    "Fijn dat de OR dit vraagt!",
    "",
    "Meer begrip voor collega's met mantelzorg.",
    "",
    "Graag een vaste werkplek voor wie veel op kantoor is.",
]


def seed_constituency(context: Any) -> None:
    users = context.users
    secretary, chair = users["or-secretaris"], users["or-voorzitter"]
    _seed_questions(users["medewerker"], users["hr"], secretary, chair)
    _seed_closed_poll(secretary, [users[name] for name in EMPLOYEES], context)
    _seed_open_poll(secretary, [users["or-lid"], users["hr"], users["bestuurder"]])
    _seed_news(secretary, chair, context)


def _seed_questions(employee: User, colleague: User, secretary: User, chair: User) -> None:
    if ConstituencyQuestion.objects.filter(subject="Fietsplan").exists():
        return
    bike = services.question_ask(
        actor=employee,
        subject="Fietsplan",
        text=(
            "Veel collega's willen graag met de (elektrische) fiets naar het werk komen. Kan de OR vragen "
            "of er een fietsplan komt, bijvoorbeeld via de werkkostenregeling?"
        ),
        anonymous=False,
        may_publish=True,
    )
    services.question_assign(actor=chair, question=bike, assignee=secretary)
    services.question_answer(
        actor=secretary,
        question=bike,
        answer=(
            "Goede vraag! We hebben het fietsplan op de agenda gezet van de overlegvergadering van april. "
            "De bestuurder laat de kosten uitzoeken; we houden u op de hoogte via het OR-nieuws."
        ),
    )
    services.question_publish(actor=secretary, question=bike, publish=True)
    services.question_set_handled(actor=secretary, question=bike, handled=True)

    home = services.question_ask(
        actor=colleague,
        subject="Thuiswerkvergoeding",
        text="Wordt de thuiswerkvergoeding dit jaar verhoogd? De energiekosten zijn flink gestegen.",
        anonymous=False,
        may_publish=True,
    )
    services.question_answer(
        actor=chair,
        question=home,
        answer=(
            "De thuiswerkvergoeding is in de cao geregeld; de OR kan daar niet over beslissen. We hebben uw "
            "signaal wel doorgegeven aan de vakbonden en aan de bestuurder."
        ),
    )
    services.question_publish(actor=chair, question=home, publish=True)

    restructuring = services.question_ask(
        actor=employee,
        subject="Reorganisatie klantenservice",
        text=(
            "Er gaan geruchten dat de klantenservice deels wordt uitbesteed. Weet de OR hier meer van, en "
            "krijgt de OR een adviesaanvraag?"
        ),
        anonymous=True,
        may_publish=True,
    )
    services.question_assign(actor=chair, question=restructuring, assignee=chair)
    services.question_ask(
        actor=colleague,
        subject="Werkdruk op de afdeling",
        text=(
            "Sinds twee collega's zijn vertrokken, is het werk niet meer te doen. Mijn leidinggevende zegt "
            "dat er geen budget is voor vervanging. Kan de OR hier iets mee?"
        ),
        anonymous=True,
        may_publish=False,
    )


def _create_poll(secretary: User, title: str, introduction: str, opens: timedelta, closes: timedelta) -> Any:
    now = timezone.now()
    return services.poll_create(
        actor=secretary,
        title=title,
        introduction=introduction,
        opens_at=now + opens,
        closes_at=now + closes,
        for_everyone=True,
    )


def _publish_quietly(secretary: User, poll: ConstituencyPoll) -> None:
    """Publish without e-mailing every demo user: mark the poll as already announced."""
    ConstituencyPoll.objects.filter(pk=poll.pk).update(open_notified_at=timezone.now())
    poll.refresh_from_db()
    services.poll_publish(actor=secretary, poll=poll)


def _seed_closed_poll(secretary: User, respondents: list[User], context: Any) -> None:
    if ConstituencyPoll.objects.filter(title=CLOSED_POLL).exists():
        return
    poll = _create_poll(
        secretary,
        CLOSED_POLL,
        "De OR wil weten hoe u de werkdruk ervaart en wat thuiswerken daarin betekent. De uitkomsten "
        "gebruiken we bij ons advies over het nieuwe hybride-werkenbeleid.",
        timedelta(days=-21),
        timedelta(days=1),
    )
    days = services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Hoeveel dagen per week werkt u gemiddeld thuis?",
        kind=QuestionKind.SINGLE,
        options=["Geen", "1 dag", "2 dagen", "3 dagen of meer"],
    )
    relief = services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Wat zou uw werkdruk het meest verlichten?",
        kind=QuestionKind.MULTIPLE,
        options=[
            "Minder vergaderingen",
            "Betere ICT-middelen",
            "Meer collega's",
            "Duidelijkere prioriteiten",
        ],
    )
    pressure = services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Hoe ervaart u uw werkdruk?",
        kind=QuestionKind.SCALE,
        scale_min_label="veel te laag",
        scale_max_label="veel te hoog",
    )
    remarks = services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Wat wilt u de OR nog meegeven?",
        kind=QuestionKind.OPEN,
        required=False,
    )
    _publish_quietly(secretary, poll)
    questions = (days, relief, pressure, remarks)
    for index, person in enumerate(respondents):
        services.poll_answer_submit(respondent=person, poll=poll, answers=_werkdruk_answers(questions, index))
    _simulate_responses(poll, questions, context, start=len(respondents))
    ConstituencyPoll.objects.filter(pk=poll.pk).update(
        closes_at=timezone.now() - timedelta(days=7), opens_at=timezone.now() - timedelta(days=21)
    )
    services.poll_close(poll_id=poll.pk)


def _werkdruk_answers(questions: tuple[PollQuestion, ...], index: int) -> dict[int, Any]:
    """A varied but fixed set of answers for respondent number `index`."""
    days, relief, pressure, remarks = questions
    day_options = [option.pk for option in days.options.all()]
    relief_options = [option.pk for option in relief.options.all()]
    return {
        days.pk: day_options[DAYS[index % len(DAYS)]],
        relief.pk: [relief_options[choice] for choice in RELIEF[index % len(RELIEF)]],
        pressure.pk: PRESSURE[index % len(PRESSURE)],
        remarks.pk: REMARKS[index % len(REMARKS)],
    }


def _simulate_responses(
    poll: ConstituencyPoll, questions: tuple[PollQuestion, ...], context: Any, start: int
) -> None:
    """Responses of colleagues without a demo account: answer rows only, as the service writes them."""
    index = start
    for code, count in SIMULATED.items():
        for _ in range(count):
            response = PollResponse.objects.create(poll=poll, department=context.departments[code])
            rows = []
            for question in questions:
                value = _werkdruk_answers(questions, index)[question.pk]
                if question.kind == QuestionKind.MULTIPLE:
                    rows += [PollAnswer(response=response, question=question, option_id=pk) for pk in value]
                elif question.kind == QuestionKind.SINGLE:
                    rows.append(PollAnswer(response=response, question=question, option_id=value))
                elif question.kind == QuestionKind.SCALE:
                    rows.append(PollAnswer(response=response, question=question, value=value))
                elif value:
                    rows.append(PollAnswer(response=response, question=question, text=value))
            PollAnswer.objects.bulk_create(rows)
            index += 1


def _seed_open_poll(secretary: User, respondents: list[User]) -> None:
    if ConstituencyPoll.objects.filter(title=OPEN_POLL).exists():
        return
    poll = _create_poll(
        secretary,
        OPEN_POLL,
        "Het bedrijfsrestaurant krijgt een nieuwe cateraar. De OR geeft advies en hoort graag uw mening.",
        timedelta(days=-1),
        timedelta(days=14),
    )
    visits = services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Hoe vaak eet u in het bedrijfsrestaurant?",
        kind=QuestionKind.SINGLE,
        options=["(Bijna) nooit", "1 à 2 keer per week", "3 keer per week of vaker"],
    )
    wishes = services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Wat vindt u belangrijk?",
        kind=QuestionKind.MULTIPLE,
        options=["Gezonde keuze", "Vegetarisch aanbod", "Lage prijzen", "Ruimere openingstijden"],
    )
    services.poll_question_add(
        actor=secretary,
        poll=poll,
        text="Welk cijfer geeft u het huidige restaurant?",
        kind=QuestionKind.SCALE,
        scale_min=1,
        scale_max=10,
        scale_min_label="slecht",
        scale_max_label="uitstekend",
    )
    services.poll_question_add(
        actor=secretary, poll=poll, text="Overige opmerkingen", kind=QuestionKind.OPEN, required=False
    )
    _publish_quietly(secretary, poll)
    questions = list(poll.questions.prefetch_related("options"))
    visit_options = [option.pk for option in visits.options.all()]
    wish_options = [option.pk for option in wishes.options.all()]
    for index, person in enumerate(respondents):
        services.poll_answer_submit(
            respondent=person,
            poll=poll,
            answers={
                questions[0].pk: visit_options[index % 3],
                questions[1].pk: [wish_options[index % 4]],
                questions[2].pk: 5 + index % 4,
                questions[3].pk: "",
            },
        )


def _seed_news(secretary: User, chair: User, context: Any) -> None:
    if NewsItem.objects.exists():
        return
    services.news_publish(
        actor=chair,
        title="Uitslag van de peiling over werkdruk",
        body=(
            "Bedankt voor het invullen van de peiling over werkdruk en thuiswerken! De uitkomsten staan "
            "bij de peilingen. Opvallend: veel collega's ervaren de werkdruk als (te) hoog en noemen minder "
            "vergaderingen als belangrijkste verlichting. We nemen dit mee in ons advies over het "
            "hybride-werkenbeleid."
        ),
        for_everyone=True,
    )
    services.news_publish(
        actor=secretary,
        title="Terugblik op de overlegvergadering van maart",
        body=(
            "In de overlegvergadering van maart spraken OR en bestuurder over de jaarcijfers, het fietsplan "
            "en de planning van de reorganisatie. Het verslag verschijnt na vaststelling op het portaal."
        ),
        for_everyone=True,
    )
    services.news_publish(
        actor=secretary,
        title="Spreekuur OR op de klantenservice",
        body=(
            "Elke eerste donderdag van de maand houdt de OR van 12.00 tot 13.00 uur spreekuur op de "
            "klantenservice. Loop gerust binnen met uw vragen en ideeën."
        ),
        for_everyone=False,
        departments=[context.departments["klantenservice"]],
    )
