"""Periodic work of the core app, gathered by portal/beat.py."""

SCHEDULE = {
    "core-outbox-relay": {
        "task": "apps.core.tasks.relay_outbox",
        "schedule": 60.0,
        # A relay that waited longer than its interval is superseded by the next one.
        "options": {"expires": 55},
    },
}
