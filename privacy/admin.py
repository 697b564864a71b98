"""The data protection officer's tools in the staff admin (MFA-protected like all staff pages):
the queue of data-subject requests with its actions and audit trail, the access log, the
account deletions, and the legal pages edited without a deploy."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from courses.html import sanitize_html

from . import services
from .models import (
    AccessLog,
    AccountDeletion,
    DataExport,
    DataRequest,
    DataRequestEvent,
    LegalPage,
)


class DataRequestEventInline(admin.TabularInline):
    model = DataRequestEvent
    extra = 0
    can_delete = False
    fields = ["at", "by", "action", "note"]
    readonly_fields = ["at", "by", "action", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "subject", "received_on", "due_on", "status", "is_overdue"]
    list_filter = ["status", "kind"]
    search_fields = ["subject__email", "subject__full_name", "contact"]
    raw_id_fields = ["subject"]
    readonly_fields = ["due_on", "handled_by", "closed_at"]
    fields = [
        "kind",
        "subject",
        "contact",
        "details",
        "received_on",
        "due_on",
        "status",
        "handled_by",
        "closed_at",
    ]
    inlines = [DataRequestEventInline]
    actions = ["export_data", "erase_person", "restrict_person", "mark_done"]

    @admin.display(boolean=True, description=_("overdue"))
    def is_overdue(self, obj):
        return obj.is_overdue

    def save_model(self, request, obj, form, change):
        if not change:
            obj.due_on = services.request_due_on(obj.received_on)
            super().save_model(request, obj, form, change)
            services.request_log(obj, action="received", by=request.user)
            return
        before = DataRequest.objects.get(pk=obj.pk)
        changed = [
            name
            for name in ("kind", "subject_id", "contact", "details", "received_on")
            if getattr(before, name) != getattr(obj, name)
        ]
        if "received_on" in changed:
            obj.due_on = services.request_due_on(obj.received_on)
        if before.status != obj.status:
            services.request_set_status(request=obj, status=obj.status, by=request.user)
        super().save_model(request, obj, form, change)
        if changed:
            services.request_log(obj, action="edited", by=request.user, note=", ".join(changed))

    @admin.action(description=_("Prepare a data export for the person (access)"))
    def export_data(self, request, queryset):
        for data_request in queryset.select_related("subject"):
            try:
                services.request_export(request=data_request, by=request.user)
            except services.PrivacyError as error:
                self.message_user(request, f"#{data_request.pk}: {error}", messages.ERROR)
        self.message_user(request, _("Exports are being prepared; they appear under data exports."))

    @admin.action(description=_("Anonymise the person now (erasure)"))
    def erase_person(self, request, queryset):
        for data_request in queryset.select_related("subject"):
            try:
                services.request_erase(request=data_request, by=request.user)
            except services.PrivacyError as error:
                self.message_user(request, f"#{data_request.pk}: {error}", messages.ERROR)
        self.message_user(request, _("The selected people were anonymised."))

    @admin.action(description=_("Restrict processing (deactivate the account)"))
    def restrict_person(self, request, queryset):
        for data_request in queryset.select_related("subject"):
            try:
                services.request_restrict(request=data_request, by=request.user)
            except services.PrivacyError as error:
                self.message_user(request, f"#{data_request.pk}: {error}", messages.ERROR)

    @admin.action(description=_("Mark as done"))
    def mark_done(self, request, queryset):
        for data_request in queryset:
            services.request_set_status(
                request=data_request, status=DataRequest.Status.DONE, by=request.user
            )


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "created_at", "ready_at", "expires_at", "size"]
    list_filter = ["status"]
    raw_id_fields = ["user", "requested_by"]
    readonly_fields = [
        "user",
        "requested_by",
        "status",
        "path",
        "size",
        "created_at",
        "ready_at",
        "expires_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "requested_at", "erase_after", "withdraw_certificates"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in AccountDeletion._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "viewer", "subject", "action"]
    list_filter = ["action"]
    search_fields = ["subject__email", "subject__full_name", "viewer__email"]
    list_select_related = ["viewer", "subject"]
    readonly_fields = ["at", "viewer", "subject", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LegalPageForm(forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["slug", "language", "title", "body", "prepared_on", "reviewed_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30})}

    def clean_body(self):
        return sanitize_html(self.cleaned_data["body"])


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    form = LegalPageForm
    list_display = ["slug", "language", "title", "reviewed_on", "updated_at"]
    list_filter = ["slug", "language"]
