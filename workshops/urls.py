from django.urls import path

from . import views, views_studio

app_name = "workshops"

urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("<int:pk>/", views.detail, name="detail"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/book-for/", views.book_for, name="book_for"),
    path("sessions/<int:pk>/hold/", views.hold, name="hold"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/claim/", views.claim, name="claim"),
    path("bookings/<int:pk>/decline/", views.decline, name="decline"),
    path("bookings/<int:pk>/online-meanwhile/", views.meanwhile, name="meanwhile"),
    path(
        "bookings/<int:pk>/online-meanwhile/release/",
        views.meanwhile_release,
        name="meanwhile_release",
    ),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("calendar/", views.calendar, name="calendar"),
    path("requests/", views.requests, name="requests"),
    path("check-in/<str:token>/", views.checkin, name="checkin"),
    path("webhooks/meetings/", views.webhook, name="webhook"),
    path("studio/", views_studio.studio_list, name="studio_list"),
    path("studio/new/", views_studio.create, name="create_standalone"),
    path("studio/new/<int:module_id>/", views_studio.create, name="create"),
    path("studio/<int:pk>/", views_studio.studio, name="studio"),
    path("studio/<int:pk>/sessions/new/", views_studio.session_new, name="session_new"),
    path("studio/sessions/<int:pk>/", views_studio.session_edit, name="session_edit"),
    path(
        "studio/sessions/<int:pk>/bookings/", views_studio.session_bookings, name="session_bookings"
    ),
    path("studio/sessions/<int:pk>/cancel/", views_studio.session_cancel, name="session_cancel"),
    path("studio/sessions/<int:pk>/message/", views_studio.session_message, name="session_message"),
    path("studio/sessions/<int:pk>/roll-call/", views_studio.rollcall, name="rollcall"),
    path("studio/sessions/<int:pk>/import/", views_studio.attendance_import, name="import"),
    path("studio/sessions/<int:pk>/qr/", views_studio.qr, name="qr"),
    path(
        "studio/sessions/<int:pk>/attendance.pdf",
        views_studio.attendance_pdf,
        name="attendance_pdf",
    ),
    path(
        "studio/sessions/<int:pk>/attendance.xlsx",
        views_studio.attendance_xlsx,
        name="attendance_xlsx",
    ),
    path("studio/bookings/<int:pk>/", views_studio.booking_action, name="booking_action"),
]
