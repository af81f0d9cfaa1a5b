"""Settings of the worker subprocesses in tests/integration/test_worker_killed.py: the test
settings (DATABASE_URL and REDIS_URL from the test), a real broker, and the gate hooks."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, env

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.integration.worker_gate.GatedEmailBackend"
CELERY_IMPORTS = ["tests.integration.worker_gate"]
if env.bool("FAULTS_FAST_RESTORE", default=False):
    # Look for messages of a dead worker every second (kombu's default: every 100 s).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
