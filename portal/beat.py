"""The Celery beat schedule, gathered from each app's `schedule.py`.

An app that runs periodic work defines `SCHEDULE` (name -> beat entry) in a module
without Django imports, so the settings can read it before apps are loaded.
"""

import importlib
import importlib.util
from typing import Any


def beat_schedule(app_modules: list[str]) -> dict[str, dict[str, Any]]:
    schedule: dict[str, dict[str, Any]] = {}
    for app in app_modules:
        if importlib.util.find_spec(f"{app}.schedule") is None:
            continue
        schedule.update(importlib.import_module(f"{app}.schedule").SCHEDULE)
    return schedule
