from django.urls import path

from . import views, views_moderation, views_partners

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("course/<slug:slug>/", views.course_space, name="course_space"),
    path("course/<slug:slug>/link/", views.course_link, name="course_link"),
    path("s/<slug:slug>/", views.space, name="space"),
    path("s/<slug:slug>/join/", views.space_join, name="space_join"),
    path("s/<slug:slug>/leave/", views.space_leave, name="space_leave"),
    path("s/<slug:slug>/follow/", views.space_follow, name="space_follow"),
    path("s/<slug:slug>/new/", views.topic_new, name="topic_new"),
    path("s/<slug:slug>/moderation/", views_moderation.moderation, name="moderation"),
    path("s/<slug:slug>/settings/", views_moderation.space_settings, name="space_settings"),
    path("s/<slug:slug>/suspend/", views_moderation.member_suspend, name="suspend"),
    path("t/<int:pk>/", views.topic, name="topic"),
    path("t/<int:pk>/reply/", views.topic_reply, name="reply"),
    path("t/<int:pk>/follow/", views.topic_follow, name="topic_follow"),
    path("t/<int:pk>/moderate/", views_moderation.topic_moderate, name="topic_moderate"),
    path("p/<int:pk>/accept/", views.post_accept, name="accept"),
    path("p/<int:pk>/helpful/", views.post_helpful, name="helpful"),
    path("p/<int:pk>/report/", views.post_report, name="report"),
    path("p/<int:pk>/edit/", views.post_edit, name="edit"),
    path("p/<int:pk>/hide/", views_moderation.post_hide, name="hide"),
    path("p/<int:pk>/restore/", views_moderation.post_restore, name="restore"),
    path("p/<int:pk>/history/", views_moderation.post_history, name="history"),
    path("r/<int:pk>/dismiss/", views_moderation.report_dismiss, name="dismiss"),
    path("a/<int:pk>/", views.attachment, name="attachment"),
    path("partners/", views_partners.directory, name="directory"),
    path("partners/o/<int:pk>/", views_partners.organisation, name="organisation"),
    path(
        "partners/o/<int:pk>/contact/",
        views_partners.organisation_contact,
        name="organisation_contact",
    ),
    path("partners/offers/new/", views_partners.offer_new, name="offer_new"),
    path("partners/offers/mine/", views_partners.my_offers, name="my_offers"),
    path("partners/offers/<int:pk>/", views_partners.offer, name="offer"),
    path("partners/offers/<int:pk>/contact/", views_partners.offer_contact, name="contact"),
    path("partners/offers/<int:pk>/renew/", views_partners.offer_renew, name="renew"),
    path("partners/profile/", views_partners.profile_edit, name="profile"),
    path("partners/messages/", views_partners.inbox, name="inbox"),
]
