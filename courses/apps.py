from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from academy.dashboard import DashboardSection, register_section

        from .dashboard import my_learning
        from .kinds import register_material_kinds
        from .notices import register_types
        from .views.organisation import staff_hint

        register_material_kinds()
        register_types()
        from background.schedule import register as schedule

        from .tasks import remind_inactive_learners

        schedule(name="courses.remind_inactive_learners", cron="0 9 * * *", task=remind_inactive_learners)
        register_section(DashboardSection(
            key="courses.my_learning", template="courses/dashboard/my_learning.html",
            context=my_learning, order=10,
        ))
        register_section(DashboardSection(
            key="courses.staff_hint", template="courses/organisation/dashboard_hint.html",
            context=staff_hint, order=60,
        ))
