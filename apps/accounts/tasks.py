from celery import shared_task

from apps.core.outbox import OutboxTask


@shared_task(base=OutboxTask)
def send_password_reset_email(user_id: int, domain: str, use_https: bool) -> None:
    from . import services  # services imports this module to queue the task

    services.password_reset_send(user_id=user_id, domain=domain, use_https=use_https)


@shared_task(base=OutboxTask)
def notify_counsellor_added(counsellor_id: int, new_counsellor_id: int) -> None:
    from . import services

    services.counsellor_added_send(counsellor_id=counsellor_id, new_counsellor_id=new_counsellor_id)
