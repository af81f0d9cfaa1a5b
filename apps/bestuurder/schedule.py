from celery.schedules import crontab

SCHEDULE = {
    "bestuurder-reminders": {
        "task": "apps.bestuurder.tasks.send_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}
