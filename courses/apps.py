from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from academy.dashboard import DashboardSection, register_section

        from . import kinds
        from .dashboard import my_learning
        from .notices import register_types
        from .views.organisation import staff_hint

        kinds.register()
        register_types()
        from background.schedule import register as schedule

        from .tasks import remind_inactive_learners

        schedule(
            name="courses.remind_inactive_learners", cron="0 9 * * *", task=remind_inactive_learners
        )
        if settings.COURSES_CHECK_STRUCTURE_WRITES:
            connection_created.connect(
                _check_structure_writes, dispatch_uid="courses.structure_writes"
            )
        register_section(
            DashboardSection(
                key="courses.my_learning",
                template="courses/dashboard/my_learning.html",
                context=my_learning,
                order=10,
            )
        )
        register_section(
            DashboardSection(
                key="courses.staff_hint",
                template="courses/organisation/dashboard_hint.html",
                context=staff_hint,
                order=60,
            )
        )


def _check_structure_writes(sender, connection, **kwargs) -> None:
    from .authoring import check_structure_writes

    if check_structure_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(check_structure_writes)
