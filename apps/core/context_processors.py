from typing import Any

from django.http import HttpRequest

from .navigation import ADMIN_MENU, MAIN_MENU, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_menu": [], "admin_menu": []}
    return {"main_menu": menu_for(user, MAIN_MENU), "admin_menu": menu_for(user, ADMIN_MENU)}
