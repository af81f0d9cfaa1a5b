"""The query shapes of apps.core.policy.objects_with_perm (collected rows, per row, named
users only) give what guardian's get_objects_for_user gives with accept_global_perms=False
and with_superuser=False, for every mix of user and group permissions."""

import random

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import Http404
from guardian.shortcuts import assign_perm, get_objects_for_user

from apps.core.policy import object_with_perm_or_404, objects_with_perm
from tests.testapp.models import Secret

pytestmark = pytest.mark.django_db

VIEW = "testapp.view_secret"
CHANGE = "testapp.change_secret"


def guardian_says(user, perm, queryset):
    return set(get_objects_for_user(user, perm, queryset, accept_global_perms=False, with_superuser=False))


@pytest.fixture
def granted(personas):
    """Forty secrets with view and change given at random to people and to groups."""
    chance = random.Random(2026)
    secrets = [Secret.objects.create(title=f"geheim {n}") for n in range(40)]
    people = [personas[name] for name in ("medewerker", "hr", "or_lid", "superuser")]
    groups = list(Group.objects.filter(name__in=["HR", "OR-lid", "Medewerker"]))
    for secret in secrets:
        for perm in (VIEW, CHANGE):
            for person in chance.sample(people, 2):
                if chance.random() < 0.3:
                    assign_perm(perm, person, secret)
            if chance.random() < 0.3:
                assign_perm(perm, chance.choice(groups), secret)
    personas["hr"].user_permissions.add(Permission.objects.get(codename="view_secret"))  # grants nothing
    return people, secrets


@pytest.mark.parametrize("perm", [VIEW, CHANGE])
def test_every_shape_agrees_with_guardian(granted, perm):
    people, _secrets = granted
    everything = Secret.objects.all()
    for person in people:
        expected = guardian_says(person, perm, everything)
        assert set(objects_with_perm(person, perm, everything)) == expected
        assert set(objects_with_perm(person, perm, everything, per_row=True)) == expected
        narrowed = everything.filter(title__endswith="1")
        assert set(objects_with_perm(person, perm, narrowed, per_row=True)) == expected & set(narrowed)


def test_without_groups_only_permissions_given_by_name_count(granted):
    people, secrets = granted
    for person in people:
        named = {
            secret
            for secret in secrets
            if secret.secretuserobjectpermission_set.filter(user=person, permission__codename="view_secret")
        }
        assert set(objects_with_perm(person, VIEW, Secret.objects.all(), groups=False)) == named
        assert set(objects_with_perm(person, VIEW, Secret.objects.all(), groups=False, per_row=True)) == named


def test_one_object_is_found_exactly_when_guardian_lists_it(granted):
    people, secrets = granted
    for person in people:
        visible = guardian_says(person, VIEW, Secret.objects.all())
        for secret in secrets[:10]:
            try:
                object_with_perm_or_404(person, VIEW, Secret.objects.all(), pk=secret.pk)
            except Http404:
                assert secret not in visible
            else:
                assert secret in visible


def test_a_permission_of_another_model_is_refused(personas):
    with pytest.raises(ValueError, match="not a permission of"):
        objects_with_perm(personas["hr"], "vertrouwenspersoon.view_report", Secret.objects.all())
