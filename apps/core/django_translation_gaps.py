"""Django strings whose Dutch translation Django's own catalogue lacks.

Django 5.2 changed these msgids and its nl catalogue still has the old ones, so
users would see English. Listing them here makes makemessages keep them in
locale/nl, where they get our translation. Nothing imports this module.
"""

from django.utils.translation import ngettext_lazy

MINIMUM_LENGTH = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
