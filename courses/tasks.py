from django.conf import settings

from background.compat import task


@task()
def remind_inactive_learners() -> int:
    from .notices import inactive_learners_remind

    return inactive_learners_remind(days=settings.COURSES_INACTIVE_REMINDER_DAYS)
