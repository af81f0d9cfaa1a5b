"""The outbox relay: publishes what a request could not hand to the broker."""

from celery import shared_task


@shared_task(acks_late=True)
def relay_outbox() -> int:
    from . import outbox

    return outbox.relay()
