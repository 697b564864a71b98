from django.contrib import admin

from .models import Notification, NotificationPreference, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "type", "read_at", "emailed_at", "digested_at"]
    list_filter = ["type"]
    raw_id_fields = ["recipient"]


admin.site.register(NotificationPreference)
admin.site.register(NotificationSettings)
