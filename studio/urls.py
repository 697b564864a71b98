from django.urls import path

from .views import courses, items, learners, outline

app_name = "studio"
urlpatterns = [
    path("", courses.index, name="index"),
    path("new/", courses.course_create, name="course_create"),
    path("items/<int:item_id>/", items.item_edit, name="item_edit"),
    path("courses/<slug:slug>/", outline.outline, name="outline"),
    path("courses/<slug:slug>/details/", courses.details, name="details"),
    path("courses/<slug:slug>/checklist/", courses.checklist, name="checklist"),
    path("courses/<slug:slug>/publish/", courses.publish, name="publish"),
    path("courses/<slug:slug>/unpublish/", courses.unpublish, name="unpublish"),
    path("courses/<slug:slug>/archive/", courses.archive, name="archive"),
    path("courses/<slug:slug>/duplicate/", courses.duplicate, name="duplicate"),
    path("courses/<slug:slug>/trainers/", courses.trainers, name="trainers"),
    path(
        "courses/<slug:slug>/trainers/<int:user_id>/remove/",
        courses.trainer_remove,
        name="trainer_remove",
    ),
    path("courses/<slug:slug>/modules/add/", outline.module_add, name="module_add"),
    path(
        "courses/<slug:slug>/modules/<int:module_id>/rename/",
        outline.module_rename,
        name="module_rename",
    ),
    path(
        "courses/<slug:slug>/modules/<int:module_id>/move/", outline.module_move, name="module_move"
    ),
    path(
        "courses/<slug:slug>/modules/<int:module_id>/delete/",
        outline.module_delete,
        name="module_delete",
    ),
    path(
        "courses/<slug:slug>/modules/<int:module_id>/items/add/", outline.item_add, name="item_add"
    ),
    path(
        "courses/<slug:slug>/modules/<int:module_id>/items/order/",
        outline.item_reorder,
        name="item_reorder",
    ),
    path(
        "courses/<slug:slug>/items/<int:item_id>/rename/", outline.item_rename, name="item_rename"
    ),
    path("courses/<slug:slug>/items/<int:item_id>/move/", outline.item_move, name="item_move"),
    path(
        "courses/<slug:slug>/items/<int:item_id>/delete/", outline.item_delete, name="item_delete"
    ),
    path("courses/<slug:slug>/learners/", learners.learners, name="learners"),
    path("courses/<slug:slug>/learners/<int:enrollment_id>/", learners.learner, name="learner"),
    path(
        "courses/<slug:slug>/learners/<int:enrollment_id>/decide/", learners.decide, name="decide"
    ),
    path(
        "courses/<slug:slug>/invitations/<str:token>/revoke/",
        learners.invitation_revoke,
        name="invitation_revoke",
    ),
]
