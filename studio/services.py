"""Authoring use cases: every write the studio makes to courses, modules and items.

Every structural change locks the course row first (``select_for_update``), so two
editors working on one course at once are serialised, and rewrites the positions of
what it touched to 1..n, so positions stay unique and gap-free whatever the order of
requests. Errors are ``ValidationError`` (bad input, with a message for the trainer)
or ``PermissionDenied`` (the caller may not do this).
"""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from background.mail import email_queue, new_key
from courses import registry
from courses.models import Course, Enrollment, Item, ItemProgress, Module
from courses.services import (
    EnrolmentError,
    course_recompute,
    enrollment_create,
    enrollment_decide,
    renumber,
)
from courses.services import item_create as courses_item_create
from courses.services import module_create as courses_module_create

from .models import StudioInvitation
from .permissions import can_create_courses

logger = logging.getLogger(__name__)


def _lock(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


def _module_items(module_id: int) -> list[Item]:
    # Active items first in their order, archived ones after: learners never see those.
    items = list(Item.objects.filter(module_id=module_id).order_by("position", "pk"))
    return [i for i in items if i.archived_at is None] + [i for i in items if i.archived_at is not None]


def _course_modules(course: Course) -> list[Module]:
    return list(Module.objects.filter(course=course).order_by("position", "pk"))


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    # slugify drops letters without an ASCII decomposition; Polish ł is the common one.
    base = (slugify(title.replace("ł", "l").replace("Ł", "L")) or "kurs")[:180]
    taken = set(Course.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _recompute_on_commit(course: Course) -> None:
    # The courses engineer's recount: one transaction per enrolment, after ours commits.
    if course.status == Course.Status.PUBLISHED:
        transaction.on_commit(lambda: course_recompute(course=course))


# --- Courses ---

@transaction.atomic
def course_create(*, by, title: str, language: str = "pl") -> Course:
    """A new draft taught by ``by``. Raises PermissionDenied unless ``by`` is in the
    Trainers group or staff, ValidationError for a blank title."""
    if not can_create_courses(by):
        raise PermissionDenied(_("Only trainers can create courses."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the course a title.")})
    course = Course(title=title, slug=_unique_slug(title), language=language, status=Course.Status.DRAFT)
    course.full_clean()
    course.save()
    course.trainers.add(by)
    return course


@transaction.atomic
def course_update(*, course: Course, form) -> Course:
    """Save the validated details form (``studio.forms.CourseForm``); its ``clean``
    sanitises the description and requires alt text for a cover image."""
    _lock(course)
    course = form.save()
    return course


def course_publish_problems(*, course: Course) -> list[tuple[str, str | None]]:
    from .checklist import course_problems

    return course_problems(course)


@transaction.atomic
def course_publish(*, course: Course) -> Course:
    """Publish, if the checklist is clean. Raises ValidationError listing the problems."""
    course = _lock(course)
    problems = course_publish_problems(course=course)
    if problems:
        raise ValidationError([message for message, _url in problems])
    course.status = Course.Status.PUBLISHED
    course.published_at = course.published_at or timezone.now()
    course.save(update_fields=["status", "published_at", "updated_at"])
    # Items may have changed while the course was a draft.
    transaction.on_commit(lambda: course_recompute(course=course))
    return course


@transaction.atomic
def course_unpublish(*, course: Course) -> Course:
    """Back to draft: learners lose access until it is published again; their
    enrolments and progress are kept."""
    course = _lock(course)
    course.status = Course.Status.DRAFT
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def course_archive(*, course: Course) -> Course:
    """Close the course for good: it leaves the catalog, progress and certificates stay."""
    course = _lock(course)
    course.status = Course.Status.ARCHIVED
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def course_duplicate(*, course: Course, by) -> Course:
    """A deep copy as a new draft taught by ``by`` and the original's trainers:
    modules, active items and each kind's detail (through the registry's
    ``duplicate`` hook, e.g. quiz questions). Enrolments are not copied."""
    if not can_create_courses(by) and not Course.objects.editable_by(by).filter(pk=course.pk).exists():
        raise PermissionDenied(_("You cannot copy this course."))
    source = _lock(course)
    topics = list(source.topics.all())
    trainers = list(source.trainers.all())
    copy = Course.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy.title = (_("%(title)s (copy)") % {"title": source.title})[:200]
    copy.slug = _unique_slug(copy.title)
    copy.status = Course.Status.DRAFT
    copy.published_at = None
    copy.save()
    copy.topics.set(topics)
    copy.trainers.set({*trainers, by})
    items = list(Item.objects.active().filter(course=source).order_by("position", "pk"))
    for module in _course_modules(source):
        new_module = Module.objects.create(
            course=copy, title=module.title, summary=module.summary, position=module.position
        )
        for position, item in enumerate((i for i in items if i.module_id == module.pk), start=1):
            new_item = Item.objects.create(
                course=copy, module=new_module, kind=item.kind, title=item.title, position=position,
                is_required=item.is_required, estimated_minutes=item.estimated_minutes,
            )
            kind = registry.get_kind(item.kind)
            if kind and kind.duplicate:
                kind.duplicate(item, new_item)
    return copy


# --- Trainers ---

def _verified_user(email: str):
    address = (
        EmailAddress.objects.filter(email__iexact=(email or "").strip(), verified=True)
        .select_related("user").first()
    )
    return address.user if address else None


@transaction.atomic
def trainer_add(*, course: Course, email: str):
    """Make the owner of a verified email address a trainer of ``course``. Raises
    ValidationError when no account has verified that address."""
    user = _verified_user(email)
    if user is None or not user.is_active:
        raise ValidationError(
            {"email": _("No account has verified this email address. Ask the person to create an "
                        "account and confirm their email first.")}
        )
    _lock(course)
    course.trainers.add(user)
    return user


@transaction.atomic
def trainer_remove(*, course: Course, user) -> None:
    """Raises ValidationError when ``user`` is the course's last trainer."""
    _lock(course)
    if not course.trainers.filter(pk=user.pk).exists():
        return
    if course.trainers.count() <= 1:
        raise ValidationError(_("A course needs at least one trainer."))
    course.trainers.remove(user)


# --- Modules ---

# Modules and items are created by ``courses.services`` (one implementation, shared with
# the quiz and H5P editors); they take the same course-row lock as the changes below.
module_create = courses_module_create


@transaction.atomic
def module_rename(*, module: Module, title: str) -> Module:
    _lock(module.course)
    module.title = (title or "").strip()
    module.full_clean()
    module.save(update_fields=["title"])
    return module


@transaction.atomic
def module_move(*, module: Module, index: int) -> Module:
    """Put ``module`` at 0-based ``index`` among the course's modules (clamped)."""
    _lock(module.course)
    modules = [m for m in _course_modules(module.course) if m.pk != module.pk]
    index = max(0, min(index, len(modules)))
    modules.insert(index, module)
    renumber(modules)
    return module


@transaction.atomic
def module_delete(*, module: Module) -> bool:
    """Remove a module and its items. Items learners have worked on are archived (their
    progress stays) and handed, still archived and invisible, to a neighbouring module so
    the module itself can go. Only the course's last module with such items stays, empty
    for learners. Returns True if the module row was deleted."""
    course = _lock(module.course)
    archived = []
    for item in _module_items(module.pk):
        if item.archived_at is not None or _item_remove_locked(item) == "archived":
            archived.append(item)
    others = [m for m in _course_modules(course) if m.pk != module.pk]
    if archived:
        if not others:
            return False
        before = [m for m in others if (m.position, m.pk) < (module.position, module.pk)]
        heir = before[-1] if before else others[0]
        Item.objects.filter(pk__in=[i.pk for i in archived]).update(module=heir)
        renumber(_module_items(heir.pk))
    module.delete()
    renumber(others)
    return True


# --- Items ---

item_create = courses_item_create


@transaction.atomic
def item_rename(*, item: Item, title: str) -> Item:
    _lock(item.course)
    item.title = (title or "").strip()
    item.full_clean()
    item.save(update_fields=["title"])
    return item


@transaction.atomic
def item_save(*, item_form, detail_form) -> Item:
    """Save an item editor: the common fields and the kind's detail (both validated)."""
    item = item_form.instance
    course = _lock(item.course)
    required_before = Item.objects.filter(pk=item.pk).values_list("is_required", flat=True).first()
    item = item_form.save()
    if detail_form is not None:
        detail = detail_form.save(commit=False)
        detail.item = item
        detail.save()
    if required_before is not None and required_before != item.is_required:
        _recompute_on_commit(course)
    return item


@transaction.atomic
def item_reorder(*, module: Module, item_ids: list[int]) -> None:
    """Set the order of ``module``'s items to ``item_ids`` (drag and drop).

    ``item_ids`` must list every active item of the module once; it may also list
    items of other modules of the same course, which move into this module. Raises
    ValidationError for anything else (a stale page or a tampered request): the
    outline is then re-rendered from the database.
    """
    course = _lock(module.course)
    if len(set(item_ids)) != len(item_ids):
        raise ValidationError(_("The new order lists a step twice. Reload the page and try again."))
    found = {i.pk: i for i in Item.objects.active().filter(course=course, pk__in=item_ids)}
    current = [i for i in _module_items(module.pk) if i.archived_at is None]
    if len(found) != len(item_ids) or not {i.pk for i in current} <= set(item_ids):
        raise ValidationError(_("The outline changed while you were editing it. It has been reloaded: "
                                "please try again."))
    moved_from = {i.module_id for i in found.values() if i.module_id != module.pk}
    ordered = [found[pk] for pk in item_ids]
    for item in ordered:
        item.module = module
    archived = [i for i in _module_items(module.pk) if i.archived_at is not None]
    Item.objects.bulk_update(ordered, ["module"])
    renumber([*ordered, *archived])
    for other in moved_from:
        renumber(_module_items(other))


@transaction.atomic
def item_move(*, item: Item, index: int, module: Module | None = None) -> Item:
    """Put ``item`` at 0-based ``index`` of ``module`` (default: its own module),
    clamped to the ends. Used by the move up/down buttons and "move to module"."""
    course = _lock(item.course)
    target = module or item.module
    if target.course_id != course.pk:
        raise ValidationError(_("Steps can only move between modules of the same course."))
    item = Item.objects.get(pk=item.pk)
    source_id = item.module_id
    siblings = [i for i in _module_items(target.pk) if i.pk != item.pk]
    active = [i for i in siblings if i.archived_at is None]
    index = max(0, min(index, len(active)))
    active.insert(index, item)
    if item.module_id != target.pk:
        item.module = target
        item.save(update_fields=["module"])
    renumber([*active, *[i for i in siblings if i.archived_at is not None]])
    if source_id != target.pk:
        renumber(_module_items(source_id))
    return item


def _item_remove_locked(item: Item) -> str:
    """Archive an item learners have worked on, delete an untouched one."""
    if ItemProgress.objects.filter(item=item).exists():
        if item.archived_at is None:
            item.archived_at = timezone.now()
            item.save(update_fields=["archived_at"])
            _recompute_on_commit(item.course)
        return "archived"
    item.delete()
    return "deleted"


@transaction.atomic
def item_archive(*, item: Item) -> str:
    """Remove an item from the course. If any learner has progress on it, it is archived
    (hidden from learners, progress kept) and enrolled learners' counters are
    recomputed; otherwise it is deleted. Returns "archived" or "deleted"."""
    _lock(item.course)
    item = Item.objects.select_related("course").get(pk=item.pk)
    module_id = item.module_id
    outcome = _item_remove_locked(item)
    renumber(_module_items(module_id))
    return outcome


# --- Learners ---

def _enrol_existing(*, course: Course, user, by) -> Enrollment:
    """Enrol through the courses services: open courses directly, other modes as an
    approved request (so capacity, emails and counters follow the same rules)."""
    if course.enrolment_mode == Course.EnrolmentMode.OPEN:
        return enrollment_create(user=user, course=course)
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is not None and enrollment.is_active:
        return enrollment
    if enrollment is None:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(user=user, course=course, status=Enrollment.Status.REQUESTED)
        except IntegrityError:
            enrollment = Enrollment.objects.get(user=user, course=course)
    elif enrollment.status != Enrollment.Status.REQUESTED:
        enrollment.status = Enrollment.Status.REQUESTED
        enrollment.save(update_fields=["status"])
    return enrollment_decide(enrollment=enrollment, by=by, approve=True)


@transaction.atomic
def learner_enrol(*, course: Course, email: str, by) -> tuple[str, Enrollment | StudioInvitation]:
    """Enrol the owner of ``email``, or invite an address with no account.

    Returns ("enrolled", Enrollment) or ("invited", StudioInvitation). Raises
    ValidationError for a draft or archived course, a full course or an invalid address.
    """
    email = (email or "").strip()
    if course.status != Course.Status.PUBLISHED:
        raise ValidationError(_("Publish the course before enrolling people."))
    user = _verified_user(email)
    if user is not None:
        try:
            return "enrolled", _enrol_existing(course=course, user=user, by=by)
        except EnrolmentError as error:
            raise ValidationError(str(error.message)) from error
    invitation = StudioInvitation.objects.filter(course=course, email__iexact=email, accepted_at__isnull=True).first()
    if invitation is None:
        invitation = StudioInvitation(course=course, email=email.lower(), invited_by=by)
        invitation.full_clean()
        invitation.save()
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return "invited", invitation


def invitation_send(*, invitation: StudioInvitation) -> None:
    """Email the invitation in Polish and English: the invitee has no language yet."""
    base = getattr(settings, "ACADEMY_BASE_URL", "").rstrip("/")
    signup = f"{base}{reverse('account_signup')}"
    course_url = f"{base}{reverse('courses:detail', kwargs={'slug': invitation.course.slug})}"
    parts = []
    for language in ("pl", "en"):
        with translation.override(language):
            parts.append(render_to_string("studio/email/invitation.txt", {
                "invitation": invitation, "course": invitation.course, "signup_url": signup,
                "course_url": course_url, "site_name": settings.ACADEMY_SITE_NAME,
            }).strip())
    with translation.override("pl"):
        subject_pl = _("Invitation to the course “%(title)s”") % {"title": invitation.course.title}
    with translation.override("en"):
        subject_en = _("Invitation to the course “%(title)s”") % {"title": invitation.course.title}
    email_queue(
        key=new_key(f"invitation:{invitation.pk}"), to=invitation.email, language="pl",
        subject=f"{subject_pl} / {subject_en}"[:200], text="\n\n— — —\n\n".join(parts),
    )


@transaction.atomic
def invitation_revoke(*, invitation: StudioInvitation) -> None:
    if invitation.accepted_at is None:
        invitation.delete()


def invitations_accept(*, user, email: str) -> list[Enrollment]:
    """``user`` verified ``email``: enrol them in every course they were invited to.
    A course that has since filled up or closed keeps the invitation pending."""
    enrolled = []
    for invitation in StudioInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True).select_related("course"):
        try:
            with transaction.atomic():
                enrollment = _enrol_existing(course=invitation.course, user=user, by=invitation.invited_by)
                invitation.accepted_at = timezone.now()
                invitation.save(update_fields=["accepted_at"])
            enrolled.append(enrollment)
        except (EnrolmentError, ValidationError):
            logger.info("Invitation %s could not be accepted yet", invitation.pk)
    return enrolled


@transaction.atomic
def enrollment_request_decide(*, enrollment: Enrollment, by, approve: bool) -> Enrollment:
    """A trainer decides a request (courses' ``enrollment_decide``). Raises
    ValidationError with the learner-facing reason (already decided, course full)."""
    try:
        return enrollment_decide(enrollment=enrollment, by=by, approve=approve)
    except EnrolmentError as error:
        raise ValidationError(str(error.message)) from error
