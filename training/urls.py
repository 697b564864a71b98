from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.coordinator, name="coordinator"),
    path("assign/", views.assign, name="assign"),
    path("people/", views.people, name="people"),
    path("assignments/<int:pk>/", views.people, name="assignment"),
    path("assignees/<int:pk>/extend/", views.extend, name="extend"),
    path("departments/", views.departments, name="departments"),
    path("invite/", views.invite, name="invite"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("mine/", views.mine, name="mine"),
    path("paths/verify/<str:code>/", views.path_verify, name="path_verify"),
    path("paths/<slug:slug>/", views.path_detail, name="path"),
    path("paths/<slug:slug>/certificate.pdf", views.path_certificate, name="path_certificate"),
    path(
        "people/<int:user_id>/paths/<int:path_id>/certificate.pdf",
        views.person_path_certificate,
        name="person_path_certificate",
    ),
    path("record.pdf", views.my_record, name="record"),
    path("people/<int:user_id>/record.pdf", views.person_record, name="person_record"),
    path("record/verify/<str:code>/", views.record_verify, name="record_verify"),
    path("report.xlsx", views.report_download, name="report_xlsx"),
    path("subscription/", views.subscription, name="subscription"),
    path("evaluate/<slug:slug>/", views.evaluate, name="evaluate"),
    path("evaluation/<slug:slug>/", views.evaluation_settings, name="evaluation_settings"),
]
