from django.contrib import admin

from .models import Booking, BookingEvent, Session, SessionBlock, WebhookLog, Workshop


class SessionBlockInline(admin.TabularInline):
    model = SessionBlock
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("title", "voivodeship", "approval", "is_listed")
    search_fields = ("title",)
    raw_id_fields = ("item", "created_by")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "mode",
        "starts_at",
        "room_capacity",
        "online_capacity",
        "cancelled_at",
    )
    list_filter = ("mode",)
    raw_id_fields = ("workshop", "trainers")
    inlines = [SessionBlockInline]
    # Capacities and cancellations go through the booking service (locks, promotions).
    readonly_fields = ("room_capacity", "online_capacity", "cancelled_at", "starts_at", "ends_at")


class BookingEventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "old_status", "status", "reason", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change through the service (seat counts, calendars, emails)."""

    list_display = ("user", "session", "status", "seat", "attendance", "minutes")
    list_filter = ("status", "seat")
    search_fields = ("user__email", "session__workshop__title")
    inlines = [BookingEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookLog)
class WebhookLogAdmin(admin.ModelAdmin):
    list_display = ("received_at", "accepted", "reason", "session")
    list_filter = ("accepted",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
