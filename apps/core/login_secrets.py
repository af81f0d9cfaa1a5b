"""Where a person's password unlocks keys of an app (the counsellors' key pairs).

The login and password-change views tell the registered apps the password they just
checked; core knows no app, so apps register themselves in their AppConfig.ready().
A provider that signs people in without a password (single sign-on) calls nothing here:
those apps then ask for a passphrase of their own, once per session.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

LoginHook = Callable[[HttpRequest, Any, str], None]
ChangeHook = Callable[[HttpRequest, Any, str, str], None]

_on_login: list[LoginHook] = []
_on_change: list[ChangeHook] = []


def on_password_login(hook: LoginHook) -> LoginHook:
    if hook not in _on_login:
        _on_login.append(hook)
    return hook


def on_password_change(hook: ChangeHook) -> ChangeHook:
    if hook not in _on_change:
        _on_change.append(hook)
    return hook


def password_login(request: HttpRequest, user: Any, password: str) -> None:
    for hook in _on_login:
        hook(request, user, password)


def password_changed(request: HttpRequest, user: Any, old_password: str, new_password: str) -> None:
    for hook in _on_change:
        hook(request, user, old_password, new_password)
