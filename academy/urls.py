from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from workshops.views import feed as workshops_feed

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("organisation/members/", views.members, name="members"),
    path("organisation/members/<int:pk>/decide/", views.member_decide, name="member_decide"),
    path("organisation/", include("courses.urls_organisation")),
    path("language/", views.set_language, name="set_language"),
    # privacy: the legal pages (replacing the two below) and /account/privacy/
    path("", include("privacy.urls")),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("courses/", include("courses.urls")),
    path("studio/", include("studio.urls")),
    path("quizzes/", include("assessments.urls")),
    path("h5p/", include("h5p.urls")),
    path("certificates/", include("certificates.urls")),
    path("notifications/", include("notifications.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("search/", include("search.urls")),
    path("community/", include("community.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("training.urls_reports")),
    path("workshops/", include("workshops.urls")),
    path("calendar/<str:token>.ics", workshops_feed, name="calendar_feed"),
]

# --- bench --- (the benchmarks' reference view; never mounted unless BENCH_REFERENCE=1)
if settings.BENCH_REFERENCE_ENABLED:
    urlpatterns.append(path("bench/", include("bench.urls")))
# --- end bench ---

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "academy.views.not_found"
handler500 = "academy.views.server_error"
handler403 = "academy.views.permission_denied"
