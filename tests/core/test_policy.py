import pytest
from django.contrib.auth.models import Group, Permission
from django.http import Http404
from guardian.shortcuts import assign_perm, remove_perm

from apps.core.policy import (
    ObjectPerms,
    has_object_perm,
    object_with_perm_or_404,
    objects_with_perm,
)
from tests.testapp.models import Secret

pytestmark = pytest.mark.django_db

VIEW = "testapp.view_secret"


@pytest.fixture
def secrets():
    return [Secret.objects.create(title=f"geheim {n}") for n in range(3)]


def test_it_lists_only_objects_the_user_holds_a_permission_on(personas, secrets):
    assign_perm(VIEW, personas["medewerker"], secrets[0])
    assert list(objects_with_perm(personas["medewerker"], VIEW, Secret.objects.all())) == [secrets[0]]


def test_a_superuser_gets_nothing_without_an_object_permission(personas, secrets):
    assert not objects_with_perm(personas["superuser"], VIEW, Secret.objects.all()).exists()
    assert not has_object_perm(personas["superuser"], VIEW, secrets[0])


def test_a_model_wide_permission_grants_no_object(personas, secrets):
    hr = personas["hr"]
    hr.user_permissions.add(Permission.objects.get(codename="view_secret"))
    assert not objects_with_perm(hr, VIEW, Secret.objects.all()).exists()
    assert not has_object_perm(hr, VIEW, secrets[0])


def test_a_group_object_permission_reaches_its_members(personas, secrets):
    assign_perm(VIEW, Group.objects.get(name="HR"), secrets[1])
    assert list(objects_with_perm(personas["hr"], VIEW, Secret.objects.all())) == [secrets[1]]
    assert has_object_perm(personas["hr"], VIEW, secrets[1])
    assert not has_object_perm(personas["medewerker"], VIEW, secrets[1])


def test_anonymous_and_inactive_users_get_nothing(personas, secrets):
    from django.contrib.auth.models import AnonymousUser

    user = personas["medewerker"]
    assign_perm(VIEW, user, secrets[0])
    user.is_active = False
    assert not objects_with_perm(user, VIEW, Secret.objects.all()).exists()
    assert not has_object_perm(user, VIEW, secrets[0])
    assert not objects_with_perm(AnonymousUser(), VIEW, Secret.objects.all()).exists()


def test_missing_and_forbidden_objects_both_answer_404(personas, secrets):
    with pytest.raises(Http404):
        object_with_perm_or_404(personas["hr"], VIEW, Secret.objects.all(), pk=secrets[0].pk)
    with pytest.raises(Http404):
        object_with_perm_or_404(personas["hr"], VIEW, Secret.objects.all(), pk=999_999)


def test_a_revoked_permission_no_longer_grants_access(personas, secrets):
    assign_perm(VIEW, personas["medewerker"], secrets[0])
    remove_perm(VIEW, personas["medewerker"], secrets[0])
    assert not has_object_perm(personas["medewerker"], VIEW, secrets[0])


def test_object_perms_reads_any_number_of_objects_in_two_queries(personas, django_assert_num_queries):
    user = personas["medewerker"]
    many = [Secret.objects.create(title=str(n)) for n in range(25)]
    for secret in many[::2]:
        assign_perm(VIEW, user, secret)
    with django_assert_num_queries(2):
        perms = ObjectPerms(user, many)
    assert [perms.has(VIEW, s) for s in many[:4]] == [True, False, True, False]
