"""Staff create thematic communities, appoint moderators and keep the blocked words here."""

from django.contrib import admin

from .models import AuditEntry, BlockedWord, Offer, PartnerProfile, Report, Space


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "is_enabled", "hold_first_posts"]
    list_filter = ["kind", "is_enabled"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["moderators"]
    raw_id_fields = ["course", "organisation"]


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    search_fields = ["word"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["post", "reporter", "decided_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "space", "action", "note"]
    list_filter = ["action"]
    raw_id_fields = ["space", "actor", "topic", "post", "subject"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "expires_at"]
    list_filter = ["kind"]
    raw_id_fields = ["organisation", "author", "topic"]


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "is_listed"]
    raw_id_fields = ["organisation"]
