"""Periodic work of the works council app, gathered by portal/beat.py."""

from celery.schedules import crontab

SCHEDULE = {
    "ondernemingsraad-action-reminders": {
        "task": "apps.ondernemingsraad.tasks.remind_action_owners",
        "schedule": crontab(hour=7, minute=0),
    },
}
