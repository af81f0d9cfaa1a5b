"""django-axes strings shown in the admin (login attempts), which axes has no Dutch for.

Listing them here makes makemessages keep them in locale/nl, where they get our
translation. Nothing imports this module.
"""

from django.utils.translation import gettext_lazy as _

AXES_ADMIN_STRINGS = (
    _("access attempt"),
    _("access attempts"),
    _("access log"),
    _("access logs"),
    _("Form Data"),
    _("Meta Data"),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("Locked Out"),
    _("Attempt Remaining"),
    _("Not set"),
    _("Clean up expired attempts"),
)
