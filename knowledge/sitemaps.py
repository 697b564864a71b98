from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import NewsItem, Publication


class PublicationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Publication.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return NewsItem.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class KnowledgePagesSitemap(Sitemap):
    def items(self):
        return ["knowledge:home", "knowledge:listing"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "knowledge": KnowledgePagesSitemap,
    "publications": PublicationSitemap,
    "news": NewsSitemap,
}
