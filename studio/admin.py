from django.contrib import admin

from .models import StudioInvitation


@admin.register(StudioInvitation)
class StudioInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "course", "invited_by", "created_at", "accepted_at"]
    list_filter = ["accepted_at"]
    search_fields = ["email", "course__title"]
    raw_id_fields = ["course", "invited_by"]
    readonly_fields = ["token", "created_at", "accepted_at"]
