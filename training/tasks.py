from background.compat import task


@task()
def remind_deadlines() -> int:
    from .services import deadlines_remind

    return deadlines_remind()


@task()
def send_scheduled_reports() -> int:
    from .reports_mail import scheduled_reports_send

    return scheduled_reports_send()
