"""Mounted at the site root by academy/urls.py (before academy's own /privacy/ page,
which this app's legal page replaces)."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("account/privacy/", views.my_data, name="my_data"),
    path("account/privacy/export/", views.export_create, name="export_create"),
    path(
        "account/privacy/export/<int:pk>/download/",
        views.export_download,
        name="export_download",
    ),
    path("account/privacy/delete/", views.delete_account, name="delete_account"),
    path("privacy/", views.legal_page, {"slug": "privacy"}, name="notice"),
    path("accessibility/", views.legal_page, {"slug": "accessibility"}, name="accessibility"),
    path("terms/", views.legal_page, {"slug": "terms"}, name="terms"),
    path("cookies/", views.legal_page, {"slug": "cookies"}, name="cookies"),
]
