from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .mail import email_retry
from .models import EmailDelivery, ScheduledRun, SchedulerLease
from .services import task_retry


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "transactional", "language"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [field.name for field in EmailDelivery._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed emails again"))
    def retry(self, request, queryset):
        deliveries = list(queryset.exclude(status=EmailDelivery.Status.SENT))
        for delivery in deliveries:
            email_retry(delivery=delivery)
        self.message_user(
            request,
            ngettext(
                "%(count)d email queued again.", "%(count)d emails queued again.", len(deliveries)
            )
            % {"count": len(deliveries)},
            messages.SUCCESS,
        )


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """The tasks list with the error shown and a retry action for failed tasks."""

    list_display = [*DBTaskResultAdmin.list_display, "exception_class_path"]
    actions = ["retry"]

    @admin.action(description=_("Run the selected failed tasks again"))
    def retry(self, request, queryset):
        count = sum(1 for result in queryset.failed() if task_retry(result=result))
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


admin.site.register(SchedulerLease)
admin.site.register(ScheduledRun)
