"""RSS and Atom feeds (django.contrib.syndication): all, per type, per topic. Only
visible publications and news; drafts and scheduled items never appear."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from courses.models import Topic

from .models import NewsItem, Publication

FEED_SIZE = 30


class PublicationsFeed(Feed):
    def get_object(self, request, kind: str = "", value: str = ""):
        if kind == "type":
            if value not in Publication.Type.values:
                raise Http404
            return ("type", value, dict(Publication.Type.choices)[value])
        if kind == "topic":
            topic = Topic.objects.filter(slug=value).first()
            if topic is None:
                raise Http404
            return ("topic", topic, topic.name)
        return ("all", None, "")

    def title(self, obj):
        base = _("Migration Academy knowledge base")
        return f"{base}: {obj[2]}" if obj[2] else base

    def link(self, obj):
        return reverse("knowledge:home")

    def description(self, obj):
        return _(
            "Reports, positions, policy papers and news on migration and integration in Poland."
        )

    def items(self, obj):
        publications = Publication.objects.published().order_by("-published_at")
        if obj[0] == "type":
            return publications.filter(type=obj[1])[:FEED_SIZE]
        if obj[0] == "topic":
            publications = publications.filter(topics=obj[1])
        items = list(publications[:FEED_SIZE])
        news = NewsItem.objects.published().order_by("-published_at")
        if obj[0] == "topic":
            news = news.filter(topics=obj[1])
        items += list(news[:FEED_SIZE])
        return sorted(items, key=lambda item: item.published_at, reverse=True)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary if isinstance(item, Publication) else item.body[:500]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_type_display()] if isinstance(item, Publication) else [_("News")]


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed
    subtitle = PublicationsFeed.description
