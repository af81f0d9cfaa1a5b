"""Every access decision about the achterban pages. Views ask nothing else.

- A named question is followed by its asker through the object permission
  `follow_constituencyquestion` (guardian); an anonymous question has no asker.
- The OR's shared inbox and the poll and news management follow from a role: every
  works council member manages them, nobody else does.
- Employees see published Q&A, and polls and news whose audience includes them
  (everyone, or their department).
"""

from typing import Any
from uuid import UUID

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.policy import object_with_perm_or_404, objects_with_perm

from .models import ConstituencyPoll, ConstituencyQuestion, NewsItem, PollParticipation, PollState

FOLLOW_QUESTION = "achterban.follow_constituencyquestion"


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_works_council_member(user: Any) -> bool:
    return _active(user) and bool(user.has_role(*WORKS_COUNCIL_ROLES))


def is_employee(user: Any) -> bool:
    return _active(user) and bool(user.has_role(Role.EMPLOYEE))


def _for_audience(model: type[Model], user: Any) -> Q:
    """Rows meant for everyone or for the user's department."""
    through: Any = model._meta.get_field("departments").remote_field.through  # type: ignore[union-attr]
    source = model._meta.model_name
    mine = through.objects.filter(**{source: OuterRef("pk")}, department_id=user.department_id)
    if user.department_id is None:
        return Q(for_everyone=True)
    return Q(for_everyone=True) | Q(Exists(mine))


# --- questions --------------------------------------------------------------------------


def questions_asked_by(user: Any) -> QuerySet[ConstituencyQuestion]:
    """The named questions user asked (anonymous ones are nobody's)."""
    return objects_with_perm(user, FOLLOW_QUESTION, ConstituencyQuestion.objects.all())


def get_question_for_asker(user: Any, pk: UUID) -> ConstituencyQuestion:
    return object_with_perm_or_404(user, FOLLOW_QUESTION, ConstituencyQuestion.objects.all(), pk=pk)


def questions_for_works_council(user: Any) -> QuerySet[ConstituencyQuestion]:
    """The OR's shared inbox: every question, for every works council member."""
    if not is_works_council_member(user):
        return ConstituencyQuestion.objects.none()
    return ConstituencyQuestion.objects.all()


def get_question_for_works_council(user: Any, pk: UUID) -> ConstituencyQuestion:
    question = questions_for_works_council(user).select_related("assignee", "asker").filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def published_questions(user: Any) -> QuerySet[ConstituencyQuestion]:
    """The public Q&A: answered questions published with the asker's permission."""
    if not is_employee(user):
        return ConstituencyQuestion.objects.none()
    return ConstituencyQuestion.objects.filter(published_at__isnull=False, may_publish=True).exclude(
        answer=""
    )


def can_publish_question(user: Any, question: ConstituencyQuestion) -> bool:
    return is_works_council_member(user) and question.may_publish and question.is_answered


# --- polls ------------------------------------------------------------------------------


def polls_visible_to(user: Any) -> QuerySet[ConstituencyPoll]:
    """Published polls for the user's audience that have opened (open or closed)."""
    if not is_employee(user):
        return ConstituencyPoll.objects.none()
    return ConstituencyPoll.objects.filter(
        _for_audience(ConstituencyPoll, user),
        published_at__isnull=False,
        opens_at__lte=timezone.now(),
    )


def get_poll_for_respondent(user: Any, pk: UUID) -> ConstituencyPoll:
    poll = polls_visible_to(user).filter(pk=pk).first()
    if poll is None:
        raise Http404
    return poll


def may_take_part(user: Any, poll: ConstituencyPoll) -> bool:
    """An employee in the poll's audience; whether it is open is the service's question."""
    return polls_visible_to(user).filter(pk=poll.pk).exists()


def has_taken_part(user: Any, poll: ConstituencyPoll) -> bool:
    return PollParticipation.objects.filter(poll=poll, user_id=user.pk).exists()


def get_poll_for_results(user: Any, pk: UUID) -> ConstituencyPoll:
    """The OR sees the results of every published poll, employees those of their own polls."""
    if is_works_council_member(user):
        poll = ConstituencyPoll.objects.filter(pk=pk, published_at__isnull=False).first()
    else:
        poll = polls_visible_to(user).filter(pk=pk).first()
    if poll is None:
        raise Http404
    return poll


def can_see_results(poll: ConstituencyPoll) -> bool:
    """Results stay hidden until the poll is closed (or past its closing moment)."""
    return poll.state == PollState.CLOSED


def polls_for_works_council(user: Any) -> QuerySet[ConstituencyPoll]:
    if not is_works_council_member(user):
        return ConstituencyPoll.objects.none()
    return ConstituencyPoll.objects.all()


def get_poll_for_works_council(user: Any, pk: UUID) -> ConstituencyPoll:
    poll = polls_for_works_council(user).filter(pk=pk).first()
    if poll is None:
        raise Http404
    return poll


def can_edit_poll(user: Any, poll: ConstituencyPoll) -> bool:
    """A poll can be changed while it is a draft; once published it is fixed."""
    return is_works_council_member(user) and poll.state == PollState.DRAFT


# --- news -------------------------------------------------------------------------------


def news_visible_to(user: Any) -> QuerySet[NewsItem]:
    """Works council members see all their announcements; employees those for their audience."""
    if is_works_council_member(user):
        return NewsItem.objects.filter(published_at__lte=timezone.now())
    if not is_employee(user):
        return NewsItem.objects.none()
    return NewsItem.objects.filter(_for_audience(NewsItem, user), published_at__lte=timezone.now())


def get_news_item(user: Any, pk: UUID) -> NewsItem:
    item = news_visible_to(user).select_related("author").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item
