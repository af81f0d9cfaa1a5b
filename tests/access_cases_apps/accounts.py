"""Access-matrix cases of login security: the two-factor pages and the admin pages of
the role settings and of django-axes' login attempts.

Samples: one failed login attempt and one successful login in axes' tables, so their
admin pages have an object to open.
"""

from django.utils import timezone

from tests.access_cases import Case, World

AXES_STAFF_REASON = (
    "django-axes' pages need axes permissions, which the staff persona does not hold; "
    "the superuser opens them"
)
AXES_ADD_REASON = "login attempts are recorded by django-axes, never added in the admin"


def build(world: World) -> World:
    from axes.models import AccessAttempt, AccessLog

    now = timezone.now()
    attempt = AccessAttempt.objects.create(
        username="matrix-onbekend",
        ip_address="192.0.2.10",
        user_agent="matrix",
        http_accept="text/html",
        path_info="/account/inloggen/",
        attempt_time=now,
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    log = AccessLog.objects.create(
        username="medewerker",
        ip_address="192.0.2.11",
        user_agent="matrix",
        http_accept="text/html",
        path_info="/account/inloggen/",
        attempt_time=now,
    )
    return {"axes_attempt": attempt, "axes_log": log}


def _axes_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for model, sample in (("accessattempt", "axes_attempt"), ("accesslog", "axes_log")):
        cases[f"admin:axes_{model}_changelist"] = Case(allowed_status=403, reason=AXES_STAFF_REASON)
        for view in ("change", "delete", "history"):
            cases[f"admin:axes_{model}_{view}"] = Case(
                kwargs=lambda world, sample=sample: {"object_id": world[sample].pk},
                allowed_status=403,
                reason=AXES_STAFF_REASON,
            )
        cases[f"admin:axes_{model}_add"] = Case(allowed_status=403, reason=AXES_ADD_REASON)
    return cases


CASES: dict[str, Case] = {
    "two_factor_disable": Case(method="post"),
    "admin:accounts_rolesetting_add": Case(
        allowed_status=403, reason="one row per role comes from a migration; none is added"
    ),
    "admin:accounts_rolesetting_delete": Case(
        kwargs=lambda world: {"object_id": _first_role_setting()},
        allowed_status=403,
        reason="one row per role comes from a migration; none is deleted",
    ),
    **_axes_cases(),
}


def _first_role_setting() -> int:
    from apps.accounts.models import RoleSetting

    return RoleSetting.objects.order_by("pk").values_list("pk", flat=True)[0]
