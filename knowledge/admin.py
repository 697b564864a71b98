"""Admin views of the knowledge base, for staff corrections; editors work in
/knowledge/editor/, where uploads are sniffed and extraction is queued."""

from django.contrib import admin

from .models import Audience, Edition, LanguageVersion, NewsItem, Publication, Publisher


class EditionInline(admin.TabularInline):
    model = Edition
    extra = 0
    fields = ["version_label", "issued_on", "is_current", "changes"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "status", "published_at", "region"]
    list_filter = ["type", "status", "region", "topics"]
    search_fields = ["title", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "audiences", "publishers", "related_courses"]
    inlines = [EditionInline]


@admin.register(LanguageVersion)
class LanguageVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "file_type", "page_count", "extraction_status"]
    list_filter = ["language", "extraction_status", "file_type"]
    search_fields = ["title"]
    readonly_fields = [
        "file",
        "file_type",
        "size",
        "checksum",
        "page_count",
        "text",
        "extraction_status",
        "extraction_error",
        "extracted_at",
    ]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "status", "published_at"]
    list_filter = ["status", "language"]
    prepopulated_fields = {"slug": ["title"]}


admin.site.register(Audience)
admin.site.register(Publisher)
