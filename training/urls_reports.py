from django.urls import path

from . import views_reports

app_name = "reports"

urlpatterns = [
    path("", views_reports.programme, name="programme"),
    path("export.csv", views_reports.programme_csv, name="programme_csv"),
    path("export.xlsx", views_reports.programme_xlsx, name="programme_xlsx"),
    path("impact/", views_reports.impact, name="impact"),
    path("evaluations/", views_reports.evaluations, name="evaluations"),
]
