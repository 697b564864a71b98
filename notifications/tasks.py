from background.compat import task
from background.durable import durable_task

from .services import digests_send, notifications_email


@durable_task(max_attempts=5)
def email_notifications(ids: list[int]) -> int:
    return notifications_email(ids=ids)


@task()
def send_digests() -> int:
    return digests_send()
