"""A coordinator's pages, mounted at /organisation/ by academy/urls.py (no namespace,
next to academy's own "organisation/members/" pages)."""

from django.urls import path

from .views import organisation

urlpatterns = [
    path("progress/", organisation.progress, name="organisation_progress"),
    path("progress/export.csv", organisation.progress_csv, name="organisation_progress_csv"),
    path("progress/people/<int:user_id>/", organisation.member, name="organisation_member"),
    path("enrol/", organisation.enrol, name="organisation_enrol"),
]
