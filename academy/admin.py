from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import services
from .admin_site import OverviewFigure, register_overview_figure
from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "job_title",
        "preferred_language",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "short_name", "job_title", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


class OrganisationMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "voivodeship", "is_approved", "requested_by", "created_at"]
    list_filter = ["is_approved", "kind", "voivodeship"]
    search_fields = ["name", "teryt", "krs"]
    inlines = [OrganisationMembershipInline]
    actions = ["approve"]

    @admin.action(description=_("Approve selected organisations"))
    def approve(self, request, queryset):
        for organisation in queryset.filter(is_approved=False):
            services.organisation_approve(organisation=organisation, by=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "decided_at"]
    list_filter = ["role", "status"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


register_overview_figure(
    OverviewFigure(
        key="organisations_pending",
        label=_("Organisations waiting for approval"),
        order=10,
        count=lambda: Organisation.objects.filter(is_approved=False).count(),
        url=lambda: reverse("admin:academy_organisation_changelist") + "?is_approved__exact=0",
    )
)
