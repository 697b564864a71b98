from django.contrib import admin

from .models import Attempt, Choice, Question, Quiz, QuizOverride, QuizQuestion, Tag


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["item", "pass_mark", "attempts_allowed", "grading", "feedback", "layout"]
    search_fields = ["item__title", "item__course__title"]
    raw_id_fields = ["item"]
    inlines = [QuizQuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "type", "owner", "points", "updated_at"]
    list_filter = ["type", "tags"]
    search_fields = ["text", "owner__email"]
    raw_id_fields = ["owner"]
    inlines = [ChoiceInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Read-only: attempts change only through the services (scoring, regrade)."""

    list_display = ["quiz", "user", "number", "state", "score", "passed", "submitted_at"]
    list_filter = ["state", "passed"]
    search_fields = ["user__email", "quiz__item__title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(Tag)
admin.site.register(QuizOverride)
