from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from academy.admin_site import OverviewFigure, register_overview_figure

from .models import Activity, ActivityError, Attempt, Library
from .services import library_approve, library_revoke


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = [
        "machine_name",
        "major_version",
        "minor_version",
        "patch_version",
        "approved_at",
    ]
    list_filter = [("approved_at", admin.EmptyFieldListFilter)]
    search_fields = ["machine_name", "title"]
    readonly_fields = [
        "machine_name",
        "major_version",
        "minor_version",
        "patch_version",
        "path",
        "metadata",
        "dependencies",
        "approved_at",
        "approved_by",
    ]
    actions = ["approve", "revoke"]

    @admin.action(description=_("Approve the selected libraries"))
    def approve(self, request, queryset):
        for library in queryset:
            library_approve(library=library, user=request.user)
        messages.success(request, _("Approved."))

    @admin.action(description=_("Revoke approval of the selected libraries"))
    def revoke(self, request, queryset):
        for library in queryset:
            library_revoke(library=library)
        messages.success(request, _("Revoked."))

    def has_add_permission(self, request):
        return False  # libraries arrive only through validated packages


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["item", "main_library", "grading", "completion", "pass_percent"]
    raw_id_fields = ["item"]
    readonly_fields = [
        "main_library",
        "libraries",
        "content_hash",
        "content_path",
        "h5p_json",
        "package_size",
        "external_origins",
    ]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["activity", "user", "number", "scaled", "success", "completion", "created_at"]
    raw_id_fields = ["activity", "user"]


@admin.register(ActivityError)
class ActivityErrorAdmin(admin.ModelAdmin):
    """What learners' players reported: read only."""

    list_display = ["created_at", "activity", "phase", "library", "message"]
    list_filter = ["phase"]
    search_fields = ["library", "message"]
    raw_id_fields = ["activity", "user"]
    readonly_fields = ["activity", "user", "phase", "library", "message", "created_at"]

    def has_add_permission(self, request):
        return False


register_overview_figure(
    OverviewFigure(
        key="h5p_libraries_waiting",
        label=_("H5P libraries awaiting approval"),
        order=20,
        count=lambda: Library.objects.filter(approved_at__isnull=True).count(),
        url=lambda: reverse("h5p:libraries"),
    )
)
