"""The portal's roles. Each is a Django group whose name is the Dutch role name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "Medewerker", _("Employee")
    WORKS_COUNCIL_MEMBER = "OR-lid", _("Works council member")
    WORKS_COUNCIL_CHAIR = "OR-voorzitter", _("Works council chair")
    WORKS_COUNCIL_SECRETARY = "OR-secretaris", _("Works council secretary")
    HR = "HR", _("HR adviser")
    COUNSELLOR = "Vertrouwenspersoon", _("Confidential counsellor")
    EXECUTIVE = "Bestuurder", _("Executive")


WORKS_COUNCIL_ROLES = frozenset(
    {Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_CHAIR, Role.WORKS_COUNCIL_SECRETARY}
)

# A counsellor must be independent of management and HR (see shared/domain.md).
INCOMPATIBLE_ROLES = (
    frozenset({Role.COUNSELLOR, Role.HR}),
    frozenset({Role.COUNSELLOR, Role.EXECUTIVE}),
)


def conflicting_roles(role_names: set[str]) -> list[frozenset[str]]:
    """The incompatible pairs contained in role_names."""
    return [pair for pair in INCOMPATIBLE_ROLES if pair <= role_names]


def independence_error(role_names: set[str]) -> str | None:
    """A message explaining why role_names may not be combined, or None."""
    conflicts = conflicting_roles(role_names)
    if not conflicts:
        return None
    labels = [" + ".join(sorted(str(Role(name).label) for name in pair)) for pair in conflicts]
    return str(
        _(
            "A confidential counsellor must be independent of HR and the executive, "
            "so these roles cannot be combined: %(combinations)s."
        )
        % {"combinations": "; ".join(labels)}
    )
