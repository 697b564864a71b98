from django.contrib import admin

from .models import (
    Assignment,
    CourseEvaluation,
    Department,
    Invitation,
    LearningPath,
    PathStep,
    ReportSubscription,
)


class PathStepInline(admin.TabularInline):
    model = PathStep
    extra = 1
    autocomplete_fields = ["course"]


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PathStepInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organisation"]
    exclude = ["token"]
    raw_id_fields = ["invited_by", "accepted_by", "department"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "due_on", "scope"]
    list_select_related = ["organisation", "course", "path"]
    raw_id_fields = ["created_by", "department", "course", "path", "organisation"]


admin.site.register(ReportSubscription)
admin.site.register(CourseEvaluation)
