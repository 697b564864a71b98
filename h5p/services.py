"""Writes for H5P: importing packages, approving libraries, recording results and state."""

from __future__ import annotations

import contextlib
import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.storage import STORAGE_UNAVAILABLE
from courses.authoring import item_create, item_rename
from courses.models import Enrollment, Module
from courses.progress import Outcome, progress_record

from . import completion as modes
from .kinds import H5P
from .models import Activity, ActivityError, Attempt, Library, Result, SavedState, Statement
from .package import Limits, PackageError, PackageInfo, external_origins, inspect_package
from .storage import h5p_storage
from .xapi import STORED_VERBS, ParsedStatement, grade, parse_statement

CHUNK = 64 * 1024


def package_limits() -> Limits:
    return Limits(
        max_file=settings.H5P_MAX_FILE_SIZE,
        max_total=settings.H5P_MAX_TOTAL_SIZE,
        max_ratio=settings.H5P_MAX_COMPRESSION_RATIO,
        max_files=settings.H5P_MAX_FILES,
    )


class _Bounded(io.RawIOBase):
    """A member's stream that fails if it yields more than the size its header declared
    (a lying header must not let a zip bomb through)."""

    def __init__(self, stream, limit: int, name: str):
        self.stream, self.left, self.name = stream, limit, name

    def readable(self) -> bool:
        return True

    def read(self, size=-1) -> bytes:
        data = self.stream.read(CHUNK if size is None or size < 0 else size)
        self.left -= len(data)
        if self.left < 0:
            raise PackageError(
                _("“%(name)s” is larger than its header says.") % {"name": self.name}, code="size"
            )
        return data


class _TakenError(PackageError):
    """The target path exists already: another import is writing the same files."""


@dataclass
class _Writer:
    """Streams archive members into storage and remembers what it created, so that a
    failure removes every file this import wrote and nothing else."""

    archive: zipfile.ZipFile
    created: list

    def write(self, info: zipfile.ZipInfo, target: str) -> None:
        storage = h5p_storage()
        try:
            with self.archive.open(info) as stream:
                bounded = _Bounded(stream, info.file_size, info.filename)
                if hasattr(storage, "save_new"):
                    # A local disk: one exclusive create per file (Storage.save would also
                    # stat, rename-check and chmod each one), which halves an import's time.
                    try:
                        name = storage.save_new(target, bounded)
                    except FileExistsError as error:  # someone wrote the same path concurrently
                        raise _TakenError(
                            _("Another upload is storing the same files. Try again."),
                            code="busy",
                        ) from error
                else:
                    name = storage.save(target, File(bounded, name=target))
        except _TakenError:
            raise  # the file there is another upload's: leave it
        except BaseException:
            # Only new folders are written to, so a file at ``target`` is this write's remains.
            with contextlib.suppress(Exception):
                h5p_storage().delete(target)
            raise
        self.created.append(name)
        if name != target:  # storage renamed it: someone wrote the same path concurrently
            raise PackageError(
                _("Another upload is storing the same files. Try again."), code="busy"
            )

    def remove_all(self) -> None:
        for name in self.created:
            with contextlib.suppress(Exception):  # OSError, or object storage unreachable
                h5p_storage().delete(name)


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _installed() -> dict[str, Library]:
    return {library.key: library for library in Library.objects.all()}


def activity_create(
    *,
    module: Module,
    upload,
    user,
    title: str = "",
    grading: str = Activity.Grading.HIGHEST,
    completion: str = "",
    pass_percent: int = 70,
    is_required: bool = True,
) -> Activity:
    """Validate the uploaded ``.h5p``, store its content and libraries, and append an H5P
    item to ``module``. Without a ``completion`` mode, the one that fits what the content
    can do is chosen (``completion.mode_propose``).

    Raises PackageError (translated message) for any broken rule; then nothing is left
    in storage or in the database.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > settings.H5P_MAX_UPLOAD_SIZE:
        raise PackageError(
            _("The file is larger than the limit of %(limit)d MB.")
            % {"limit": settings.H5P_MAX_UPLOAD_SIZE // (1024 * 1024)},
            code="size",
        )
    content_hash = _sha256(upload)
    installed = _installed()
    info = inspect_package(
        upload,
        limits=package_limits(),
        installed={key: lib.dependencies for key, lib in installed.items()},
    )
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        writer = _Writer(archive=archive, created=[])
        try:
            content_path = f"h5p/content/{content_hash}"
            if not h5p_storage().exists(f"{content_path}/h5p.json"):
                for member in info.content_files:
                    writer.write(member, f"{content_path}/{member.filename}")
                writer.write(archive.getinfo("h5p.json"), f"{content_path}/h5p.json")
            upgrades = {}
            for key, packaged in info.libraries.items():
                current = installed.get(key)
                if current is not None and current.patch_version >= packaged.patch:
                    continue
                folder = f"h5p/libraries/{key}/{packaged.patch}-{content_hash[:12]}"
                # The folder is named by the package's hash and library.json is written last,
                # so a folder that has it holds exactly these files (left by an import whose
                # transaction rolled back): use it as it is.
                if not h5p_storage().exists(f"{folder}/library.json"):
                    members = sorted(
                        packaged.files, key=lambda member: member.filename.endswith("/library.json")
                    )
                    for member in members:
                        writer.write(member, f"{folder}/{member.filename[len(key) + 1 :]}")
                upgrades[key] = folder
            # Folders of the patches being replaced; removed once the new ones are committed.
            replaced = [installed[key].path for key in upgrades if key in installed]
            activity = _save_activity(
                module=module,
                user=user,
                info=info,
                title=title,
                content_hash=content_hash,
                content_path=content_path,
                upgrades=upgrades,
                installed=installed,
                size=size or 0,
                grading=grading,
                completion=completion,
                pass_percent=pass_percent,
                is_required=is_required,
            )
        except IntegrityError as error:
            writer.remove_all()
            raise PackageError(
                _("Another upload is installing the same library. Try again."), code="busy"
            ) from error
        except STORAGE_UNAVAILABLE as error:
            writer.remove_all()
            raise PackageError(
                _("The file store cannot be reached, so nothing was saved. Try again later."),
                code="storage",
            ) from error
        except BaseException:
            writer.remove_all()
            raise
    transaction.on_commit(lambda: _remove_folders(replaced))
    return activity


@transaction.atomic
def _save_activity(
    *,
    module,
    user,
    info: PackageInfo,
    title,
    content_hash,
    content_path,
    upgrades,
    installed,
    size,
    grading,
    completion,
    pass_percent,
    is_required,
) -> Activity:
    for key, folder in upgrades.items():
        packaged = info.libraries[key]
        values = {
            "patch_version": packaged.patch,
            "title": packaged.title,
            "runnable": packaged.runnable,
            "path": folder,
            "metadata": packaged.metadata,
            "dependencies": packaged.dependencies,
        }
        if key in installed:
            # A higher patch of an approved library stays approved: same API, fixes only.
            Library.objects.filter(pk=installed[key].pk).update(**values, updated_at=timezone.now())
        else:
            installed[key] = Library.objects.create(
                machine_name=packaged.machine_name,
                major_version=packaged.major,
                minor_version=packaged.minor,
                **values,
            )
    completion = completion or modes.mode_propose(info.main_library.rsplit("-", 1)[0])
    item = item_create(
        module=module,
        kind=H5P,
        title=(title or info.title or _("H5P activity"))[:200],
        is_required=is_required,
    )
    activity = Activity(
        item=item,
        title=info.title,
        main_library=installed[info.main_library],
        content_hash=content_hash,
        content_path=content_path,
        h5p_json=info.h5p_json,
        package_size=size,
        grading=grading,
        external_origins=external_origins(info.content_json),
        completion=completion,
        pass_percent=pass_percent,
        uploaded_by=user,
    )
    activity.full_clean(exclude=["item", "main_library"])
    activity.save()
    activity.libraries.set([installed[key] for key in info.dependencies])
    return activity


def _remove_folders(folders: list[str]) -> None:
    for folder in folders:
        _remove_tree(folder)


def _remove_tree(folder: str) -> None:
    try:
        directories, files = h5p_storage().listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        h5p_storage().delete(posixpath.join(folder, name))
    for name in directories:
        _remove_tree(posixpath.join(folder, name))


@transaction.atomic
def activity_update(
    *, activity: Activity, grading: str, completion: str, pass_percent: int, title: str
) -> Activity:
    """Change how the activity is graded and completed. Learners' items already complete
    stay complete (the progress engine's completion is monotonic)."""
    activity.grading, activity.completion, activity.pass_percent = grading, completion, pass_percent
    activity.full_clean(exclude=["item", "main_library"])
    activity.save(update_fields=["grading", "completion", "pass_percent"])
    if title and title != activity.item.title:
        item_rename(item=activity.item, title=title[:200])
    return activity


# --- Libraries ---


@transaction.atomic
def library_approve(*, library: Library, user) -> Library:
    if library.approved_at is None:
        library.approved_at, library.approved_by = timezone.now(), user
        library.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return library


@transaction.atomic
def library_revoke(*, library: Library) -> Library:
    """Revoking stops learners playing every activity that needs the library at once."""
    if library.approved_at is not None:
        library.approved_at, library.approved_by = None, None
        library.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return library


# --- Results ---


class RateLimited(Exception):
    pass


def rate_limit_hit(*, user_id: int, scope: str) -> None:
    """Fixed-window limit per learner (H5P_RATE_LIMIT "count/seconds"); raises RateLimited."""
    count, seconds = (int(part) for part in settings.H5P_RATE_LIMIT.split("/"))
    window = int(timezone.now().timestamp()) // seconds
    key = f"h5p-rate:{scope}:{user_id}:{window}"
    if cache.add(key, 1, timeout=seconds + 1):
        return
    try:
        if cache.incr(key) > count:
            raise RateLimited
    except ValueError:
        cache.set(key, 1, timeout=seconds + 1)


@transaction.atomic
def statement_record(
    *, activity: Activity, enrollment: Enrollment, statement: dict
) -> Statement | None:
    """Store one xAPI statement for the enrollment's learner (the actor is the session's
    user, never the statement's) and update attempts, the grade and progress.

    At most six queries whatever the history: lock the enrollment and read its progress
    (``progress_record``), then under that lock read and write the attempt and insert
    the statement (its ``outcome`` hook), then write the progress row and the counters.
    Statements we do not keep (``interacted``, ``attempted`` …) return None. Raises
    StatementError for a statement that is not an object with a verb, and ProgressError
    when the enrollment is no longer active.
    """
    parsed = parse_statement(statement)
    # viewed / interacted modes: this statement alone may complete the step.
    completes = modes.statement_completes(
        activity.completion, verb=parsed.verb, is_child=parsed.is_child
    )
    # The relay's "viewed" says the content really started: that begins the step.
    starts = parsed.verb == modes.VIEWED_VERB and not parsed.is_child
    if parsed.verb not in STORED_VERBS and not completes and not starts:
        return None
    recorded = []

    def outcome(locked: Enrollment) -> Outcome | None:
        # Runs under the progress engine's lock on the learner's enrollment.
        attempt = attempts = None
        if parsed.is_child and parsed.verb == "answered":
            attempt = _record_result(activity=activity, user_id=enrollment.user_id, parsed=parsed)
        elif parsed.opens_attempt:
            attempts = list(
                Attempt.objects.filter(activity=activity, user_id=enrollment.user_id).order_by(
                    "number"
                )
            )
            attempt = _finish_attempt(
                activity=activity, user_id=enrollment.user_id, attempts=attempts, parsed=parsed
            )
        if parsed.verb in STORED_VERBS:
            recorded.append(
                _save_statement(
                    activity=activity,
                    enrollment=enrollment,
                    attempt=attempt,
                    parsed=parsed,
                    statement=statement,
                )
            )
        if attempts is None:
            # viewed / interacted modes: this statement alone may complete the step.
            if completes:
                return Outcome(passed=True)
            return Outcome() if starts else None
        graded = grade(
            [each.scaled for each in attempts if each.scaled is not None], activity.grading
        )
        passed = completes or (
            attempt is not None
            and attempt_qualifies(activity=activity, attempt=attempt, graded=graded)
        )
        return Outcome(score=graded, passed=passed)

    answered = parsed.is_child and parsed.verb == "answered"
    if answered or parsed.opens_attempt or completes or starts:
        progress_record(enrollment=enrollment, item=activity.item, outcome=outcome)
        return recorded[0] if recorded else None
    return _save_statement(
        activity=activity, enrollment=enrollment, attempt=None, parsed=parsed, statement=statement
    )


def _save_statement(
    *, activity: Activity, enrollment: Enrollment, attempt, parsed: ParsedStatement, statement: dict
) -> Statement:
    return Statement.objects.create(
        activity=activity,
        user_id=enrollment.user_id,
        attempt=attempt,
        verb=parsed.verb,
        raw_score=parsed.raw,
        max_score=parsed.max,
        scaled=parsed.scaled,
        success=parsed.success,
        completion=parsed.completion,
        duration=parsed.duration,
        is_child=parsed.is_child,
        raw=statement,
    )


def _record_result(*, activity: Activity, user_id: int, parsed: ParsedStatement) -> Attempt:
    """A question answered inside the content: it belongs to the learner's open attempt,
    opened here by the first answer (the content's own ``answered`` finishes it). The
    caller holds the enrollment's lock, so two answers cannot open two attempts."""
    last = Attempt.objects.filter(activity=activity, user_id=user_id).order_by("-number").first()
    if last is None or not last.is_open:
        last = Attempt.objects.create(
            activity=activity, user_id=user_id, number=(last.number + 1) if last else 1, verb=""
        )
    else:
        # A question answered again before its attempt ends replaces the earlier answer.
        Result.objects.filter(attempt=last, object_id=parsed.object_id).delete()
    Result.objects.create(
        activity=activity,
        user_id=user_id,
        attempt=last,
        object_id=parsed.object_id,
        description=parsed.description,
        interaction_type=parsed.interaction_type,
        response=parsed.response,
        raw_score=parsed.raw,
        max_score=parsed.max,
        success=parsed.success,
    )
    return last


def _finish_attempt(
    *, activity: Activity, user_id: int, attempts: list[Attempt], parsed: ParsedStatement
) -> Attempt:
    """Finish the open attempt, or fold a ``completed`` into the ``answered`` just before
    it (H5P sends both for one finished try; Moodle counts the pair once), or open and
    finish a new one. ``attempts`` (in order) is updated in place for grading."""
    last = attempts[-1] if attempts else None
    completion = parsed.completion if parsed.completion is not None else parsed.verb == "completed"
    folds = last is not None and parsed.verb == "completed" and last.verb == "answered"
    if last is not None and (last.is_open or folds):
        if folds:
            last.verb = "answered+completed"
            last.completion = last.completion or completion
        else:
            last.verb, last.completion = parsed.verb, completion
        if parsed.scaled is not None or not folds:
            last.raw_score, last.max_score, last.scaled = parsed.raw, parsed.max, parsed.scaled
        if parsed.success is not None or not folds:
            last.success = parsed.success
        last.duration = parsed.duration or last.duration
        last.save(
            update_fields=[
                "verb",
                "completion",
                "raw_score",
                "max_score",
                "scaled",
                "success",
                "duration",
                "updated_at",
            ]
        )
        return last
    attempt = Attempt.objects.create(
        activity=activity,
        user_id=user_id,
        number=(last.number + 1) if last else 1,
        verb=parsed.verb,
        raw_score=parsed.raw,
        max_score=parsed.max,
        scaled=parsed.scaled,
        success=parsed.success,
        completion=completion,
        duration=parsed.duration,
    )
    attempts.append(attempt)
    return attempt


def attempt_qualifies(*, activity: Activity, attempt: Attempt, graded) -> bool:
    """Whether this attempt completes the item (the rules per mode: ``completion.py``)."""
    return modes.attempt_completes(
        activity.completion,
        finished=attempt.completion,
        failed=attempt.success is False,
        graded=graded,
        pass_percent=activity.pass_percent,
    )


@transaction.atomic
def state_save(
    *, activity: Activity, user, data: str, enrollment: Enrollment | None = None
) -> SavedState | None:
    """Keep the content's current state for the learner; an empty state forgets it. In
    *interacted* mode a saved state completes the step (the learner did something)."""
    if not data:
        SavedState.objects.filter(activity=activity, user=user).delete()
        return None
    state, _created = SavedState.objects.update_or_create(
        activity=activity, user=user, defaults={"data": data}
    )
    if enrollment is not None and modes.state_completes(activity.completion):
        progress_record(enrollment=enrollment, item=activity.item, passed=True)
    return state


ERRORS_PER_ACTIVITY_AND_DAY = 200


def error_record(
    *, activity: Activity, user, phase: str, library: str, message: str
) -> ActivityError | None:
    """Remember that the content threw in a learner's player, for the course's trainers.
    The same message from the same learner is kept once a day, and an activity keeps at
    most ``ERRORS_PER_ACTIVITY_AND_DAY`` a day, so a looping error cannot flood the table."""
    since = timezone.now() - timedelta(days=1)
    recent = ActivityError.objects.filter(activity=activity, created_at__gte=since)
    if (
        recent.filter(user=user, message=message[:1000]).exists()
        or recent.count() >= ERRORS_PER_ACTIVITY_AND_DAY
    ):
        return None
    return ActivityError.objects.create(
        activity=activity,
        user=user,
        phase=phase,
        library=library[:200],
        message=message[:1000] or "?",
    )
