import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.roles import Role
from apps.accounts.services import user_set_roles
from apps.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_a_user_can_hold_several_compatible_roles(make_user):
    user = make_user("anna")
    user_set_roles(actor=None, user=user, roles=[Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.HR])
    assert user.has_role(Role.HR) and user.is_works_council_member


@pytest.mark.parametrize("other", [Role.HR, Role.EXECUTIVE])
def test_a_counsellor_cannot_also_be_hr_or_executive(make_user, other):
    user = make_user("anna")
    with pytest.raises(ValidationError, match="onafhankelijk") as refused:
        user_set_roles(actor=None, user=user, roles=[Role.COUNSELLOR, other])
    assert refused.value.code == "role_conflict"
    assert list(user.groups.all()) == []


def test_adding_a_conflicting_group_directly_is_refused_too(make_user):
    user = make_user("anna", [Role.COUNSELLOR])
    with pytest.raises(ValidationError), transaction.atomic():
        user.groups.add(Group.objects.get(name=Role.HR))
    with pytest.raises(ValidationError), transaction.atomic():
        Group.objects.get(name=Role.EXECUTIVE).user_set.add(user)
    assert set(user.groups.values_list("name", flat=True)) == {Role.COUNSELLOR}


def test_a_role_change_is_recorded_in_the_audit_trail(make_user, personas):
    user = make_user("anna", [Role.EMPLOYEE])
    user_set_roles(actor=personas["superuser"], user=user, roles=[Role.EMPLOYEE, Role.HR])
    event = AuditEvent.objects.get(action="roles_changed")
    assert event.actor == personas["superuser"]
    assert event.details == {"added": ["HR"], "removed": []}


def test_setting_the_same_roles_again_records_nothing(make_user):
    user = make_user("anna", [Role.EMPLOYEE])
    user_set_roles(actor=None, user=user, roles=[Role.EMPLOYEE])
    assert not AuditEvent.objects.exists()


def test_an_unknown_role_name_is_refused(make_user):
    with pytest.raises(ValueError):
        user_set_roles(actor=None, user=make_user("anna"), roles=["Koning"])


def test_an_inactive_user_holds_no_role(make_user):
    user = make_user("anna", [Role.HR], is_active=False)
    assert not user.has_role(Role.HR)
