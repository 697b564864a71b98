"""Signed-in views: learners' certificates and downloads, coordinators' list,
trainers' and staff's course certificates, actions, template editor and ZIP."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import Course, Enrollment

from .. import badges, selectors, services
from ..forms import CertificateTemplateForm, NoteForm, ReasonForm
from ..models import Certificate, CertificateTemplate
from ..permissions import certificates_manageable_by, certificates_visible_to
from ..sections import mine_sections

PAGE_SIZE = 50


def _visible(request, pk: int) -> Certificate:
    return get_object_or_404(
        certificates_visible_to(request.user).select_related("course", "user"), pk=pk
    )


def _managed(request, pk: int) -> Certificate:
    return get_object_or_404(
        certificates_manageable_by(request.user).select_related("course", "user", "replaced_by"),
        pk=pk,
    )


def _course(request, slug: str) -> Course:
    return get_object_or_404(Course.objects.editable_by(request.user), slug=slug)


def _filename(certificate: Certificate, extension: str) -> str:
    name = slugify(certificate.snapshot.get("full_name", "")) or "certificate"
    return f"{certificate.number.replace('/', '-')}-{name}.{extension}"


@require_GET
def mine(request):
    certificates = list(selectors.certificates_of(request.user))
    return render(
        request,
        "certificates/mine.html",
        {"certificates": certificates, "sections": mine_sections(request)},
    )


@require_GET
def organisation(request):
    certificates = Paginator(selectors.coordinator_certificates(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "certificates/organisation.html", {"certificates": certificates})


@require_GET
def download_pdf(request, pk: int):
    certificate = _visible(request, pk)
    handle = services.pdf_storage().open(certificate.pdf_path, "rb")
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=_filename(certificate, "pdf"),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download_badge(request, pk: int):
    certificate = _visible(request, pk)
    response = HttpResponse(badges.credential_jwt(certificate), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{_filename(certificate, "jwt")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def course_certificates(request, slug: str):
    course = _course(request, slug)
    certificates = Paginator(selectors.course_certificates(course), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    waiting = Paginator(selectors.enrollments_waiting(course), PAGE_SIZE).get_page(
        request.GET.get("waiting")
    )
    return render(
        request,
        "certificates/course.html",
        {
            "course": course,
            "certificates": certificates,
            "waiting": waiting,
            "template": CertificateTemplate.objects.filter(course=course).first(),
        },
    )


@require_POST
def issue(request, slug: str):
    course = _course(request, slug)
    enrollment = get_object_or_404(
        Enrollment.objects.filter(course=course), pk=request.POST.get("enrollment") or 0
    )
    try:
        certificate = services.certificate_issue(enrollment=enrollment, by=request.user)
    except services.CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Certificate %(number)s issued to %(name)s.")
            % {"number": certificate.number, "name": certificate.snapshot["full_name"]},
        )
    return redirect("certificates:course", slug=course.slug)


@require_GET
def detail(request, pk: int):
    certificate = _managed(request, pk)
    events = certificate.events.select_related("by")
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "events": events,
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
        },
    )


def _action(request, pk: int, run, form_class=None):
    certificate = _managed(request, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        events = certificate.events.select_related("by")
        context = {
            "certificate": certificate,
            "events": events,
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
        }
        context["reason_form" if form_class is ReasonForm else "note_form"] = form
        return render(request, "certificates/detail.html", context, status=400)
    try:
        result, message = run(certificate, form.cleaned_data if form else {})
    except services.CertificateError as error:
        messages.error(request, str(error))
        return redirect("certificates:detail", pk=certificate.pk)
    messages.success(request, message)
    return redirect("certificates:detail", pk=result.pk)


@require_POST
def revoke(request, pk: int):
    def run(certificate, data):
        services.certificate_revoke(certificate=certificate, by=request.user, reason=data["reason"])
        return certificate, _("The certificate was revoked. Its verification page now says so.")

    return _action(request, pk, run, ReasonForm)


@require_POST
def unrevoke(request, pk: int):
    def run(certificate, data):
        services.certificate_unrevoke(certificate=certificate, by=request.user, note=data["note"])
        return certificate, _("The revocation was withdrawn. The certificate is valid again.")

    return _action(request, pk, run, NoteForm)


@require_POST
def reissue(request, pk: int):
    def run(certificate, data):
        updated = services.certificate_reissue(
            certificate=certificate, by=request.user, note=data["note"]
        )
        return updated, _(
            "The certificate was printed again (version %(version)d) with the current data; "
            "its number and code stay the same."
        ) % {"version": updated.pdf_version}

    return _action(request, pk, run, NoteForm)


@require_POST
def replace(request, pk: int):
    def run(certificate, data):
        new = services.certificate_replace(
            certificate=certificate, by=request.user, reason=data["reason"]
        )
        return new, _("Certificate %(old)s was replaced by %(new)s.") % {
            "old": certificate.number,
            "new": new.number,
        }

    return _action(request, pk, run, ReasonForm)


@require_http_methods(["GET", "POST"])
def template_edit(request, slug: str):
    course = _course(request, slug)
    instance = selectors.template_for_editing(course)
    form = CertificateTemplateForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _(
                "The certificate template was saved. New certificates use it; "
                "staff can re-render existing ones."
            ),
        )
        return redirect("certificates:template", slug=course.slug)
    context = {"course": course, "form": form, "placeholders": _placeholder_help()}
    return render(
        request, "certificates/template_edit.html", context, status=400 if form.errors else 200
    )


@require_GET
def template_preview(request, slug: str):
    course = _course(request, slug)
    response = HttpResponse(
        services.certificate_preview_pdf(course=course, user=request.user),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="preview-{course.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _placeholder_help():
    from ..printing import PLACEHOLDERS

    return [(f"{{{key}}}", label) for key, label in PLACEHOLDERS.items()]


class _Drain(io.RawIOBase):
    """A write-only file that hands out what was written since the last ``take()``, so
    the ZIP is produced in small pieces and memory stays flat whatever its size."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _zip_stream(certificates):
    sink = _Drain()
    storage = services.pdf_storage()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            with (
                storage.open(certificate.pdf_path, "rb") as source,
                archive.open(_filename(certificate, "pdf"), mode="w", force_zip64=False) as target,
            ):
                while chunk := source.read(64 * 1024):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()


@require_GET
def course_zip(request, slug: str):
    course = _course(request, slug)
    certificates = (
        Certificate.objects.current()
        .filter(course=course, revoked_at__isnull=True)
        .only("pk", "number", "pdf_path", "snapshot")
        .order_by("sequence", "pk")
        .iterator(chunk_size=200)
    )
    response = StreamingHttpResponse(_zip_stream(certificates), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-{course.slug}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
