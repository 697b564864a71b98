from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.admin_site import OverviewFigure, register_overview_figure

from .forms import CertificateTemplateForm
from .models import Certificate, CertificateCounter, CertificateEvent, CertificateTemplate


class EventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "by", "at", "note", "details"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (and the audit trail);
    certificates are never deleted."""

    list_display = [
        "number",
        "user",
        "course",
        "issued_at",
        "revoked_at",
        "replaced_at",
        "pdf_version",
    ]
    list_filter = ["year", "course"]
    search_fields = ["number", "code", "user__email", "user__full_name"]
    list_select_related = ["user", "course"]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(admin.ModelAdmin):
    form = CertificateTemplateForm  # the same placeholder and image checks as the studio
    list_display = ["course", "language", "bilingual", "updated_at"]
    list_select_related = ["course"]


@admin.register(CertificateCounter)
class CertificateCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "last"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _issued_this_month() -> int:
    start = timezone.localdate().replace(day=1)
    return Certificate.objects.filter(issued_at__date__gte=start).count()


register_overview_figure(
    OverviewFigure(
        key="certificates_this_month",
        label=_("Certificates issued this month"),
        order=30,
        count=_issued_this_month,
        url=lambda: (
            reverse("admin:certificates_certificate_changelist")
            + "?issued_at__gte="
            + timezone.localdate().replace(day=1).isoformat()
        ),
    )
)
