from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .feeds import PublicationsAtomFeed, PublicationsFeed
from .sitemaps import SITEMAPS
from .views import editor, public

app_name = "knowledge"

urlpatterns = [
    path("", public.home, name="home"),
    path("publications/", public.listing, name="listing"),
    path("publications/<slug:slug>/", public.publication, name="publication"),
    path("files/<int:pk>/", public.download, name="download"),
    path("news/<slug:slug>/", public.news, name="news"),
    path("news/<slug:slug>/attachment/", public.news_attachment, name="news_attachment"),
    path("for-course/<slug:slug>/", public.course_publications, name="course_publications"),
    path("feed/rss/", login_not_required(PublicationsFeed()), name="feed_rss"),
    path("feed/atom/", login_not_required(PublicationsAtomFeed()), name="feed_atom"),
    path(
        "feed/rss/<str:kind>/<slug:value>/",
        login_not_required(PublicationsFeed()),
        name="feed_rss_filtered",
    ),
    path(
        "feed/atom/<str:kind>/<slug:value>/",
        login_not_required(PublicationsAtomFeed()),
        name="feed_atom_filtered",
    ),
    path("sitemap.xml", login_not_required(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("editor/", editor.index, name="editor"),
    path("editor/news/", editor.news_add, name="editor_news_add"),
    path("editor/news/<int:pk>/", editor.news_edit, name="editor_news"),
    path("editor/<int:pk>/", editor.publication, name="editor_publication"),
    path("editor/<int:pk>/editions/", editor.edition_add, name="editor_edition_add"),
    path(
        "editor/<int:pk>/editions/<int:edition_id>/versions/",
        editor.version_add,
        name="editor_version_add",
    ),
    path("editor/<int:pk>/publish/", editor.publish, name="editor_publish"),
]
