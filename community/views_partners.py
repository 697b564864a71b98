"""The partnerships directory: public organisation profiles, offers and needs; members
write to an organisation's coordinators through the academy (no address is shown)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from academy.models import Organisation
from academy.permissions import coordinated_organisations
from academy.safe_input import is_id

from . import permissions, services
from .forms import ContactForm, DirectoryFilter, OfferForm, ProfileForm
from .models import ContactMessage, Offer, PartnerProfile
from .views import error_text, page_of

OFFERS_PER_PAGE = 20


def _listed_offers():
    return Offer.objects.current().filter(
        Q(organisation__partner_profile__isnull=True)
        | Q(organisation__partner_profile__is_listed=True)
    )


def _coordinated(request) -> Organisation:
    organisation = (
        coordinated_organisations(request.user).filter(is_approved=True).order_by("name").first()
    )
    if organisation is None:
        raise Http404
    return organisation


@login_not_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilter(request.GET or None)
    offers = _listed_offers().select_related("organisation", "topic")
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["voivodeship"]:
            offers = offers.filter(organisation__voivodeship=data["voivodeship"])
        if data["kind"]:
            offers = offers.filter(organisation__kind=data["kind"])
        if data["offer_kind"]:
            offers = offers.filter(kind=data["offer_kind"])
        if data["topic"]:
            offers = offers.filter(
                Q(topic=data["topic"]) | Q(organisation__partner_profile__topics=data["topic"])
            ).distinct()
        query = data["q"].strip()
        if query:
            from search.models import Kind
            from search.service import search

            results = search(query, user=request.user, kinds=(Kind.PARTNERSHIP,), limit=100)
            ids = [int(hit.url.rstrip("/").rsplit("/", 1)[-1]) for hit in results.hits]
            offers = offers.filter(pk__in=ids)
    page = page_of(request, offers.order_by("-created_at", "-pk"), OFFERS_PER_PAGE)
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "community/directory.html",
        {"form": form, "page_obj": page, "keep": keep.urlencode(), "query": query},
    )


@login_not_required
@require_GET
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.approved().exclude(partner_profile__is_listed=False), pk=pk
    )
    profile = (
        PartnerProfile.objects.filter(organisation=organisation).prefetch_related("topics").first()
    )
    offers = _listed_offers().filter(organisation=organisation).select_related("topic")[:50]
    mine = (
        request.user.is_authenticated
        and coordinated_organisations(request.user).filter(pk=organisation.pk).exists()
    )
    return render(
        request,
        "community/organisation.html",
        {
            "organisation": organisation,
            "profile": profile,
            "offers": offers,
            "mine": mine,
            "form": ContactForm() if request.user.is_authenticated and not mine else None,
            "can_contact": request.user.is_authenticated and permissions.is_verified(request.user),
        },
    )


@login_not_required
@require_GET
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(_listed_offers().select_related("organisation", "topic"), pk=pk)
    mine = (
        request.user.is_authenticated
        and coordinated_organisations(request.user).filter(pk=offer.organisation_id).exists()
    )
    return render(
        request,
        "community/offer.html",
        {
            "offer": offer,
            "mine": mine,
            "form": ContactForm() if request.user.is_authenticated and not mine else None,
            "can_contact": request.user.is_authenticated and permissions.is_verified(request.user),
        },
    )


def _contact(request, *, organisation, offer) -> None:
    if not permissions.is_verified(request.user):
        messages.error(
            request, _("Only verified members of the academy can write to organisations.")
        )
        return
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your message."))
        return
    try:
        services.contact_send(
            organisation=organisation,
            sender=request.user,
            body=form.cleaned_data["body"],
            offer=offer,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Your message was sent to the coordinators of %(organisation)s.")
            % {"organisation": organisation.name},
        )


@require_POST
def offer_contact(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(_listed_offers().select_related("organisation"), pk=pk)
    _contact(request, organisation=offer.organisation, offer=offer)
    return redirect("community:offer", pk=offer.pk)


@require_POST
def organisation_contact(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.approved().exclude(partner_profile__is_listed=False), pk=pk
    )
    _contact(request, organisation=organisation, offer=None)
    return redirect("community:organisation", pk=organisation.pk)


@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest) -> HttpResponse:
    organisation = _coordinated(request)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                organisation=organisation,
                author=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                topic=form.cleaned_data["topic"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your offer is in the partnerships directory."))
            return redirect("community:offer", pk=offer.pk)
    return render(
        request,
        "community/form.html",
        {
            "form": form,
            "heading": _("New offer or need of %(organisation)s")
            % {"organisation": organisation.name},
            "submit": pgettext("community", "Publish"),
            "back": reverse("community:directory"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def offer_renew(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_id(str(pk)):
        raise Http404
    offer = get_object_or_404(
        Offer.objects.filter(organisation__in=coordinated_organisations(request.user)), pk=pk
    )
    services.offer_renew(offer=offer)
    messages.success(request, _("The offer is valid for another period."))
    return redirect("community:my_offers")


@require_GET
def my_offers(request: HttpRequest) -> HttpResponse:
    organisation = _coordinated(request)
    offers = Offer.objects.filter(organisation=organisation).select_related("topic")[:200]
    return render(
        request,
        "community/my_offers.html",
        {"organisation": organisation, "offers": offers, "now": timezone.now()},
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    organisation = _coordinated(request)
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    initial = (
        {
            "description": profile.description,
            "topics": profile.topics.all(),
            "is_listed": profile.is_listed,
        }
        if profile
        else {"is_listed": True}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            organisation=organisation,
            description=form.cleaned_data["description"],
            topics=form.cleaned_data["topics"],
            is_listed=form.cleaned_data["is_listed"],
        )
        messages.success(request, _("The profile was saved."))
        return redirect("community:organisation", pk=organisation.pk)
    return render(
        request,
        "community/form.html",
        {
            "form": form,
            "heading": _("Public profile of %(organisation)s")
            % {"organisation": organisation.name},
            "submit": _("Save"),
            "back": reverse("community:directory"),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    organisation = _coordinated(request)
    messages_list = ContactMessage.objects.filter(organisation=organisation).select_related(
        "sender", "offer"
    )
    page = page_of(request, messages_list, 20)
    return render(request, "community/inbox.html", {"organisation": organisation, "page_obj": page})
