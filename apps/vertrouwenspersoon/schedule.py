from celery.schedules import crontab

SCHEDULE = {
    "vertrouwenspersoon-deadline-reminders": {
        "task": "apps.vertrouwenspersoon.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "vertrouwenspersoon-retention": {
        "task": "apps.vertrouwenspersoon.tasks.purge_expired_reports",
        "schedule": crontab(hour=2, minute=30),
    },
}
