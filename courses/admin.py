"""Admin for operators: look things up and fix data. Trainers use the studio; progress is
only ever written by the progress engine, so its counters are read-only here. Modules
and items are written inside ``courses.authoring.structure_edit`` (the structure
event), like every other structure write."""

from django.contrib import admin

from .authoring import course_delete, structure_edit
from .models import (
    Course,
    Document,
    Enrollment,
    Item,
    ItemProgress,
    Link,
    Module,
    Page,
    Topic,
    Video,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "name_uk", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = ["title", "position"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "language", "enrolment_mode", "is_sequential"]
    list_filter = ["status", "language", "level", "enrolment_mode"]
    search_fields = ["title", "slug", "summary"]
    filter_horizontal = ["trainers", "topics"]
    inlines = [ModuleInline]

    def save_formset(self, request, form, formset, change):
        with structure_edit(form.instance):
            super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        course_delete(course=obj)

    def delete_queryset(self, request, queryset):
        for course in queryset:
            course_delete(course=course)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "module", "kind", "position", "is_required", "archived_at"]
    list_filter = ["kind", "is_required"]
    search_fields = ["title", "course__title"]
    list_select_related = ["course", "module"]
    raw_id_fields = ["course", "module"]

    def save_model(self, request, obj, form, change):
        # Moving an item to another course changes both courses' structure.
        with structure_edit(form.initial.get("course"), obj.course_id):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with structure_edit(obj.course_id):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with structure_edit(*set(queryset.values_list("course_id", flat=True))):
            super().delete_queryset(request, queryset)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "course",
        "status",
        "required_completed",
        "required_total",
        "percent",
        "completed_at",
    ]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name", "course__title"]
    list_select_related = ["user", "course"]
    raw_id_fields = ["user", "course", "decided_by", "last_item"]
    readonly_fields = [
        "required_total",
        "required_completed",
        "percent",
        "completed_at",
        "last_item",
        "last_activity_at",
    ]


@admin.register(ItemProgress)
class ItemProgressAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "item", "state", "score", "passed", "completed_at"]
    list_filter = ["state"]
    list_select_related = ["enrollment__user", "enrollment__course", "item"]
    raw_id_fields = ["enrollment", "item"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


for model in (Page, Video, Document, Link):
    admin.site.register(model, raw_id_fields=["item"], list_select_related=["item"])
