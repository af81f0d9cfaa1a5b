"""Who may reach a URL. Every URL pattern of the portal declares one of these rules.

Page-level rules are checked here, before the view runs; object-level decisions
(may this user see *this* melding?) live in each app's policy.py and answer 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from apps.accounts.roles import Role

View = Callable[..., HttpResponseBase]


class Rule(Protocol):
    """A page-level access rule. `allows` must be cheap: it runs on every request."""

    @property
    def description(self) -> str: ...

    def allows(self, user: Any) -> bool: ...


@dataclass(frozen=True)
class Public:
    description: str = "anyone, signed in or not"

    def allows(self, user: Any) -> bool:
        return True


@dataclass(frozen=True)
class SignedIn:
    description: str = "every signed-in user"

    def allows(self, user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class HasRole:
    roles: frozenset[Role]

    @property
    def description(self) -> str:
        return "users with role " + " or ".join(sorted(self.roles))

    def allows(self, user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and user.has_role(*self.roles))


@dataclass(frozen=True)
class Staff:
    description: str = "staff users (admins)"

    def allows(self, user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and user.is_staff)


PUBLIC = Public()
SIGNED_IN = SignedIn()
STAFF = Staff()


def role(*roles: Role) -> HasRole:
    return HasRole(frozenset(roles))


def access(rule: Rule) -> Callable[[View], View]:
    """Declare and enforce who may reach a view: anonymous users are sent to the
    login page, signed-in users without the right get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not rule.allows(request.user):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded

    return decorate


def rule_of(view: Any) -> Rule | None:
    """The rule a resolved view declared, or None."""
    return getattr(view, "access_rule", None)


# Included URLconfs whose views enforce access themselves: namespace -> rule.
INCLUDED_RULES: dict[str, Rule] = {"admin": STAFF}
