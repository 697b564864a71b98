from django.urls import path

from .views import learn, studio

app_name = "assessments"
urlpatterns = [
    # Learners
    path("item/<int:item_id>/", learn.start, name="start"),
    path("item/<int:item_id>/start/", learn.attempt_start, name="attempt_start"),
    path("attempt/<int:pk>/", learn.attempt_page, name="attempt"),
    path("attempt/<int:pk>/save/", learn.attempt_save, name="attempt_save"),
    path("attempt/<int:pk>/submit/", learn.attempt_submit, name="submit"),
    path("attempt/<int:pk>/review/", learn.attempt_review, name="review"),
    # Trainers
    path("new/<int:module_id>/", studio.quiz_new, name="create"),
    path("item/<int:item_id>/edit/", studio.quiz_edit, name="edit"),
    path("item/<int:item_id>/preview/", studio.quiz_preview, name="preview"),
    path("item/<int:item_id>/questions/new/", studio.question_new, name="question_new"),
    path(
        "item/<int:item_id>/questions/<int:question_id>/edit/",
        studio.question_edit,
        name="question_edit",
    ),
    path("item/<int:item_id>/placements/<int:pk>/", studio.placement_action, name="placement"),
    path("item/<int:item_id>/bank/<int:question_id>/add/", studio.bank_add, name="bank_add"),
    path("item/<int:item_id>/results/", studio.results, name="results"),
    path("item/<int:item_id>/results.csv", studio.results_csv, name="results_csv"),
    path("item/<int:item_id>/analysis/", studio.analysis, name="analysis"),
    path("item/<int:item_id>/regrade/", studio.regrade, name="regrade"),
    path("item/<int:item_id>/exceptions/", studio.override, name="override"),
    path("bank/", studio.bank, name="bank"),
]
