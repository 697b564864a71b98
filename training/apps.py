from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Assigned training and reports")

    def ready(self) -> None:
        from academy.dashboard import DashboardSection, register_section
        from background.schedule import register as schedule
        from certificates.sections import MineSection, register_mine_section
        from courses.registry import CompletionPanel, register_completion_panel

        from . import receivers  # noqa: F401
        from .dashboard import coordinator_card, due_dates
        from .evaluation import evaluation_panel
        from .notices import register_types
        from .path_certificate import path_certificates
        from .record import register_defaults
        from .tasks import remind_deadlines, send_scheduled_reports

        register_types()
        register_defaults()
        schedule(name="training.remind_deadlines", cron="0 8 * * *", task=remind_deadlines)
        schedule(name="training.scheduled_reports", cron="0 6 * * *", task=send_scheduled_reports)
        # Order 5: due dates come before "My learning" (order 10).
        register_section(
            DashboardSection(
                key="training.due_dates",
                template="training/dashboard_due.html",
                context=due_dates,
                order=5,
            )
        )
        register_section(
            DashboardSection(
                key="training.coordinator",
                template="training/dashboard_card.html",
                context=coordinator_card,
                order=61,
            )
        )
        register_mine_section(
            MineSection(
                key="training.paths",
                template="training/certificates_paths.html",
                context=path_certificates,
                order=20,
            )
        )
        register_completion_panel(
            CompletionPanel(
                key="training.evaluation",
                template="training/evaluation_panel.html",
                context=evaluation_panel,
                order=50,
            )
        )
