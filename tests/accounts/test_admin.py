import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.roles import Role
from apps.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _change_user(client, user, groups, department):
    return client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "department": department.pk,
            "is_active": "on",
            "groups": [Group.objects.get(name=name).pk for name in groups],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )


def test_the_admin_refuses_a_counsellor_who_is_also_hr_with_a_clear_message(login, personas, department):
    user = personas["vertrouwenspersoon"]
    response = _change_user(login(personas["superuser"]), user, [Role.COUNSELLOR, Role.HR], department)
    assert response.status_code == 200
    assert "onafhankelijk" in response.content.decode()
    assert set(user.groups.values_list("name", flat=True)) == {Role.COUNSELLOR}


def test_the_admin_changes_roles_through_the_audited_service(login, personas, department):
    user = personas["medewerker"]
    response = _change_user(login(personas["superuser"]), user, [Role.EMPLOYEE, Role.HR], department)
    assert response.status_code == 302
    assert set(user.groups.values_list("name", flat=True)) == {Role.EMPLOYEE, Role.HR}
    assert AuditEvent.objects.filter(action="roles_changed", target_id=str(user.pk)).exists()


def test_the_admin_is_in_dutch(login, personas):
    response = login(personas["superuser"]).get(reverse("admin:index"))
    assert '<html lang="nl"' in response.content.decode()
    assert "Gebruikers" in response.content.decode()


def test_the_admin_offers_no_group_or_per_user_permission_editing(login, personas):
    client = login(personas["superuser"])
    assert "/beheer/auth/group/" not in client.get(reverse("admin:index")).content.decode()
    change = client.get(reverse("admin:accounts_user_change", args=[personas["hr"].pk]))
    assert 'name="user_permissions"' not in change.content.decode()


def test_a_non_staff_user_gets_a_plain_403_not_a_second_login_form(login, personas):
    response = login(personas["hr"]).get(reverse("admin:index"))
    assert response.status_code == 403
    assert 'name="password"' not in response.content.decode()
