from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import WORKS_COUNCIL_ROLES, Role


class Department(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's role names, read once per request."""
        if not self.is_active or self.pk is None:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.role_names for role in roles)

    @property
    def is_works_council_member(self) -> bool:
        return self.has_role(*WORKS_COUNCIL_ROLES)

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role in self.role_names]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


class RoleSetting(models.Model):
    """Security settings per role, edited by an admin. One row per role (data migration)."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, unique=True)
    require_two_factor = models.BooleanField(
        _("two-factor login required"),
        default=False,
        help_text=_(
            "Users with this role must log in with a code from an authenticator app. "
            "Users without one are asked to set it up at their next page."
        ),
    )

    class Meta:
        ordering = ["role"]
        verbose_name = _("role setting")
        verbose_name_plural = _("role settings")

    def __str__(self) -> str:
        return str(Role(self.role).label)
