"""Periodic work of the achterban app, gathered by portal/beat.py."""

from celery.schedules import crontab

SCHEDULE = {
    "achterban-announce-open-polls": {
        "task": "apps.achterban.tasks.announce_open_polls",
        "schedule": crontab(minute="*/5"),
    },
    "achterban-close-due-polls": {
        "task": "apps.achterban.tasks.close_due_polls",
        "schedule": crontab(minute="*/5"),
    },
}
