"""Policies: a draft HR shared with or_lid, and a published policy (which went through
the executive and the works council, so they too may read its draft)."""

from typing import Any

from apps.hr import services
from tests.access_cases import Case, World
from tests.hr.helpers import make_draft, published_policy

HR_ONLY = frozenset({"hr"})
DRAFT_READERS = frozenset({"hr", "or_lid"})


def build(world: World) -> World:
    draft = make_draft(world["hr"], title="Verzuimbeleid", subject="arbo-verzuim-reintegratie")
    services.policy_share(actor=world["hr"], policy=draft, member=world["or_lid"])
    published, _version = published_policy(world)
    return {"hr_draft": draft, "hr_published": published}


def _draft(world: World) -> dict[str, Any]:
    return {"pk": world["hr_draft"].pk}


CASES: dict[str, Case] = {
    "hr:library-detail": Case(kwargs=lambda world: {"pk": world["hr_published"].pk}),
    "hr:library-confirm": Case(kwargs=lambda world: {"pk": world["hr_published"].pk}, method="post"),
    "hr:draft-detail": Case(kwargs=_draft, visible_to=DRAFT_READERS),
    "hr:draft-version-create": Case(kwargs=_draft, visible_to=HR_ONLY),
    "hr:draft-version-detail": Case(
        kwargs=lambda world: {"pk": world["hr_draft"].pk, "number": 1}, visible_to=DRAFT_READERS
    ),
    "hr:draft-compare": Case(kwargs=_draft, visible_to=DRAFT_READERS),
    "hr:draft-comment": Case(kwargs=_draft, visible_to=DRAFT_READERS, method="post"),
    "hr:draft-transition": Case(kwargs=_draft, visible_to=HR_ONLY, method="post"),
    "hr:draft-share": Case(kwargs=_draft, visible_to=HR_ONLY, method="post"),
    "hr:draft-publish": Case(kwargs=_draft, visible_to=HR_ONLY, method="post"),
    "hr:draft-read-request": Case(kwargs=_draft, visible_to=HR_ONLY, method="post"),
}
