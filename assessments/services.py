"""Writes for quizzes. Views, commands and tests all go through these functions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.authoring import item_create, item_rename
from courses.models import Enrollment, Item, Module
from courses.progress import Outcome, progress_record

from . import notices, scoring
from .answers import matching_options_key
from .kinds import QUIZ
from .models import Attempt, Choice, Question, Quiz, QuizOverride, QuizQuestion, Response, Tag
from .selectors import attempt_deadline, attempt_questions, questions_for, quiz_status

# Answers that arrive a few seconds after the deadline (a save sent as time ran out)
# still count; anything later is ignored.
GRACE = timedelta(seconds=5)


class QuizError(Exception):
    """A refused action; ``str(error)`` is a translated message for the learner."""


class AttemptClosed(QuizError):
    pass


class InvalidAnswers(QuizError):
    pass


# --- Learner side ------------------------------------------------------------------


@transaction.atomic
def attempt_start(
    *, quiz: Quiz, enrollment: Enrollment, now: datetime | None = None, rng=None
) -> Attempt:
    """Start an attempt, or return the learner's open one.

    Raises QuizError (with the reason in words) when the quiz is closed, has no
    questions, the attempts are used up or the minimum wait has not passed.
    """
    now = now or timezone.now()
    user = enrollment.user
    # Serialise starts for this learner so attempt numbers and limits hold under races.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    for attempt in Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.OPEN):
        if not attempt_expire_if_due(attempt=attempt, now=now):
            return attempt
    placements = list(
        QuizQuestion.objects.filter(quiz=quiz).select_related("question").order_by("position", "pk")
    )
    status = quiz_status(quiz=quiz, user=user, now=now, has_questions=bool(placements))
    if not status.can_start:
        raise QuizError(status.reason)
    rng = rng or random.SystemRandom()
    pool = placements
    if quiz.draw_tag_id:
        tagged = set(
            Question.tags.through.objects.filter(
                tag_id=quiz.draw_tag_id, question_id__in=[p.question_id for p in pool]
            ).values_list("question_id", flat=True)
        )
        pool = [p for p in pool if p.question_id in tagged]
    if quiz.draw_count and quiz.draw_count < len(pool):
        drawn = set(id(p) for p in rng.sample(pool, quiz.draw_count))
        pool = [p for p in pool if id(p) in drawn]
    if not pool:
        raise QuizError(_("This quiz has no questions yet."))
    if quiz.shuffle_questions:
        pool = list(pool)
        rng.shuffle(pool)
    question_ids = [p.question_id for p in pool]
    choice_order: dict[str, list[int]] = {}
    by_question: dict[int, list[int]] = {}
    for question_id, choice_id in (
        Choice.objects.filter(question_id__in=question_ids)
        .order_by("position", "pk")
        .values_list("question_id", "pk")
    ):
        by_question.setdefault(question_id, []).append(choice_id)
    types = {p.question_id: p.question.type for p in pool}
    for question_id in question_ids:
        ids = list(by_question.get(question_id, []))
        kind = types[question_id]
        # Ordering and matching are always shuffled: their stored order is the answer.
        if kind in (Question.Type.ORDERING, Question.Type.MATCHING) or (
            quiz.shuffle_choices and kind != Question.Type.TRUE_FALSE
        ):
            rng.shuffle(ids)
        choice_order[str(question_id)] = ids
        if kind == Question.Type.MATCHING:
            options = list(ids)
            rng.shuffle(options)
            choice_order[matching_options_key(question_id)] = options
    extra = status.override.extra_minutes if status.override else 0
    number = (Attempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                enrollment=enrollment,
                number=number,
                question_ids=question_ids,
                choice_order=choice_order,
                started_at=now,
                deadline=attempt_deadline(quiz=quiz, started_at=now, extra_minutes=extra),
            )
    except IntegrityError:
        # Another request started one at the same moment (only without row locks).
        return Attempt.objects.get(quiz=quiz, user=user, state=Attempt.State.OPEN)
    progress_record(enrollment=enrollment, item=quiz.item)
    return attempt


def attempt_accepts_answers(attempt: Attempt, now: datetime) -> bool:
    return attempt.is_open and (attempt.deadline is None or now <= attempt.deadline + GRACE)


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Close an open attempt whose deadline has passed, scoring what was saved in time.
    Returns True when the attempt is (now) closed."""
    now = now or timezone.now()
    if not attempt.is_open:
        return True
    if attempt.deadline is None or now <= attempt.deadline + GRACE:
        return False
    _finish(attempt_id=attempt.pk, answers=None, now=now, state=Attempt.State.EXPIRED, into=attempt)
    return True


def parse_answers(attempt: Attempt, questions: dict, raw: dict) -> dict[int, object]:
    """Validate raw answers ({question id: raw value}) against the attempt as shown.

    Raises InvalidAnswers for a question not in the attempt, or a choice that is not
    one of the question's shown choices.
    """
    cleaned = {}
    allowed_ids = {int(i) for i in attempt.question_ids}
    for question_id, value in raw.items():
        if question_id not in allowed_ids or question_id not in questions:
            raise InvalidAnswers(
                _(
                    "An answer was sent for a question that is not in your attempt. Nothing was saved."
                )
            )
        _question, data = questions[question_id]
        shown = attempt.choice_order.get(str(question_id), [])
        try:
            cleaned[question_id] = scoring.clean_answer(data, shown, value)
        except scoring.InvalidAnswer as error:
            raise InvalidAnswers(_invalid_answer_message(error)) from error
    return cleaned


def _invalid_answer_message(error: scoring.InvalidAnswer) -> str:
    if error.reason == "duplicate_rank":
        return _(
            "Give each item a different position: two items have the same number. Nothing was saved."
        )
    if error.reason == "duplicate_match":
        return _(
            "Use each answer only once: one answer is chosen for two items. Nothing was saved."
        )
    if error.reason == "number":
        return _(
            "Type a number, for example 12 or 12,5 (at most %(length)s characters). Nothing was saved."
        ) % {"length": scoring.MAX_NUMBER_LENGTH}
    if error.reason == "text":
        return _("An answer can be at most %(length)s characters long. Nothing was saved.") % {
            "length": scoring.MAX_TEXT_LENGTH
        }
    return _("An answer does not match the choices of its question. Nothing was saved.")


def _store(
    attempt: Attempt,
    questions: dict,
    cleaned: dict[int, object],
    now: datetime,
    *,
    lock: bool = False,
):
    """Upsert responses in two queries; answers already locked (checked) stay as they were."""
    if not cleaned:
        return
    locked = set(
        Response.objects.filter(
            attempt=attempt, question_id__in=list(cleaned), locked=True
        ).values_list("question_id", flat=True)
    )
    rows = [
        Response(
            attempt=attempt,
            question_id=question_id,
            value=value,
            saved_at=now,
            locked=lock,
            answer_key=scoring.answer_key(questions[question_id][1], value),
        )
        for question_id, value in cleaned.items()
        if question_id not in locked
    ]
    if rows:
        Response.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["attempt", "question"],
            update_fields=["value", "answer_key", "saved_at", "locked"],
        )


def _close_if_expired(attempt: Attempt, now: datetime) -> None:
    """Close an expired attempt in its own transaction (so refusing the late answer
    does not roll the closing back). Raises AttemptClosed when it is closed."""
    if attempt_expire_if_due(attempt=attempt, now=now):
        raise AttemptClosed(_("This attempt is closed; later answers were not saved."))


def _lock_open(attempt: Attempt, now: datetime) -> Attempt:
    """Lock the attempt for a write. Raises AttemptClosed when it no longer takes answers."""
    locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if not attempt_accepts_answers(locked, now):
        raise AttemptClosed(_("This attempt is closed; later answers were not saved."))
    return locked


def response_save(
    *, attempt: Attempt, answers: dict[int, object], now: datetime | None = None
) -> None:
    """Autosave answers. Raises AttemptClosed when the attempt is no longer open (an
    expired attempt is closed first) and InvalidAnswers for tampered values."""
    now = now or timezone.now()
    _close_if_expired(attempt, now)
    with transaction.atomic():
        attempt = _lock_open(attempt, now)
        questions = attempt_questions(attempt)
        _store(attempt, questions, parse_answers(attempt, questions, answers), now)


def response_check(
    *, attempt: Attempt, question_id: int, answer, now: datetime | None = None
) -> Response:
    """Immediate feedback: make one answer final and score it. Raises QuizError when the
    quiz does not give feedback per question, AttemptClosed and InvalidAnswers."""
    now = now or timezone.now()
    _close_if_expired(attempt, now)
    with transaction.atomic():
        return _check(attempt, question_id, answer, now)


def responses_record(*, attempt: Attempt, answers: dict[int, object], check: int | None) -> None:
    """The attempt page's answers: with ``check`` (immediate feedback) that question is
    checked and made final and the others saved; without it all are saved. Raises what
    ``response_check`` and ``response_save`` raise."""
    if check is None:
        response_save(attempt=attempt, answers=answers)
        return
    response_check(attempt=attempt, question_id=check, answer=answers.get(check))
    rest = {qid: value for qid, value in answers.items() if qid != check}
    if rest:
        response_save(attempt=attempt, answers=rest)


def _check(attempt: Attempt, question_id: int, answer, now: datetime) -> Response:
    if attempt.quiz.feedback != Quiz.Feedback.IMMEDIATE:
        raise QuizError(_("This quiz shows feedback only after submission."))
    attempt = _lock_open(attempt, now)
    questions = attempt_questions(attempt)
    cleaned = parse_answers(attempt, questions, {question_id: answer})
    _store(attempt, questions, cleaned, now, lock=True)
    response = Response.objects.get(attempt=attempt, question_id=question_id)
    data = questions[question_id][1]
    response.credit = scoring.score_question(data, response.value)
    response.points = (response.credit * data.points).quantize(Decimal("0.001"))
    response.save(update_fields=["credit", "points"])
    return response


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, answers: dict[int, object] | None = None, now: datetime | None = None
) -> Attempt:
    """Save the last answers (if in time), score the attempt and report the grade.

    Idempotent: submitting a finished attempt returns it unchanged (a double submit
    gives one result). Raises InvalidAnswers for tampered values (nothing is saved
    and the attempt stays open). A constant number of queries whatever the size.
    """
    now = now or timezone.now()
    return _finish(
        attempt_id=attempt.pk, answers=answers, now=now, state=Attempt.State.SUBMITTED, into=attempt
    )


def _finish(*, attempt_id: int, answers, now: datetime, state: str, into: Attempt) -> Attempt:
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("quiz", "quiz__item", "enrollment")
            .get(pk=attempt_id)
        )
        if not attempt.is_open:
            _copy_fields(attempt, into)
            return attempt
        late = attempt.deadline is not None and now > attempt.deadline + GRACE
        if late:
            state = Attempt.State.EXPIRED
        questions = attempt_questions(attempt)
        if answers and not late:
            _store(attempt, questions, parse_answers(attempt, questions, answers), now)
        responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
        result = _score_responses(questions, responses)
        _save_grades(list(responses.values()))
        attempt.state = state
        attempt.submitted_at = min(now, attempt.deadline) if late and attempt.deadline else now
        attempt.points, attempt.max_points = result.points, result.max_points
        attempt.score = result.fraction
        attempt.passed = scoring.has_passed(attempt.score, attempt.quiz.pass_mark)
        attempt.save(
            update_fields=["state", "submitted_at", "points", "max_points", "score", "passed"]
        )
        _report(quiz=attempt.quiz, enrollment=attempt.enrollment, user_id=attempt.user_id)
    _copy_fields(attempt, into)
    return attempt


def _copy_fields(source: Attempt, into: Attempt) -> None:
    """The caller's instance shows the attempt as stored (no extra query)."""
    for field in Attempt._meta.concrete_fields:
        setattr(into, field.attname, getattr(source, field.attname))


def _score_responses(questions: dict, responses: dict[int, Response]) -> scoring.AttemptScore:
    result = scoring.score_attempt(
        [data for _q, data in questions.values()], {qid: r.value for qid, r in responses.items()}
    )
    points = {qid: data.points for qid, (_q, data) in questions.items()}
    for question_id, response in responses.items():
        credit = result.credits.get(question_id, scoring.ZERO)
        response.credit = credit
        response.points = (credit * points.get(question_id, scoring.ZERO)).quantize(
            Decimal("0.001")
        )
        response.locked = True
    return result


def _save_grades(responses: list[Response]) -> None:
    """Credit, points and the lock of every response in one UPDATE, written here rather
    than with ``bulk_update``: building its CASE expressions took 2 ms for five responses
    and grows with the quiz (docs/performance.md). Values go as parameters, prepared by
    their fields as the ORM would."""
    if not responses:
        return
    meta = Response._meta
    quote = connection.ops.quote_name
    pk = quote(meta.pk.column)
    sets, params = [], []
    for name in ("credit", "points"):
        field = meta.get_field(name)
        column = quote(field.column)
        whens = " ".join(["WHEN %s THEN %s"] * len(responses))
        sets.append(f"{column} = CASE {pk} {whens} ELSE {column} END")
        for response in responses:
            params += [response.pk, field.get_db_prep_save(getattr(response, name), connection)]
    locked = meta.get_field("locked")
    sets.append(f"{quote(locked.column)} = %s")
    params.append(locked.get_db_prep_save(True, connection))
    params += [response.pk for response in responses]
    placeholders = ", ".join(["%s"] * len(responses))
    # Only quoted names from the model's own metadata and placeholders go into the text.
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {pk} IN ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _report(*, quiz: Quiz, enrollment: Enrollment, user_id: int) -> None:
    """Report the quiz grade (per the grading method) to the progress engine; the grade
    is computed under the engine's lock, so two submits of one learner cannot report
    grades out of order."""
    if enrollment.status != Enrollment.Status.ACTIVE:
        return

    def outcome(locked: Enrollment) -> Outcome | None:
        scores = list(
            Attempt.objects.filter(quiz=quiz, user_id=user_id)
            .finished()
            .exclude(score=None)
            .order_by("number")
            .values_list("score", flat=True)
        )
        grade = scoring.final_grade(quiz.grading, scores)
        if grade is None:
            return None
        return Outcome(score=grade, passed=scoring.has_passed(grade, quiz.pass_mark))

    progress_record(enrollment=enrollment, item=quiz.item, outcome=outcome)


# --- Trainer side ------------------------------------------------------------------


@transaction.atomic
def quiz_regrade(*, quiz: Quiz) -> int:
    """Re-score every finished attempt from its stored responses with the questions as
    they are now, and report the new grades. Returns the number of attempts."""
    attempts = list(Attempt.objects.filter(quiz=quiz).finished().select_related("enrollment"))
    if not attempts:
        return 0
    # Every question any attempt drew, loaded once (three queries), whatever the draws.
    everything = questions_for(
        quiz_id=quiz.pk, ids={int(i) for a in attempts for i in a.question_ids}
    )
    all_responses: dict[int, dict[int, Response]] = {}
    for response in Response.objects.filter(attempt__in=attempts):
        all_responses.setdefault(response.attempt_id, {})[response.question_id] = response
    changed = []
    for attempt in attempts:
        questions = {
            int(i): everything[int(i)] for i in attempt.question_ids if int(i) in everything
        }
        responses = all_responses.get(attempt.pk, {})
        result = _score_responses(questions, responses)
        changed.extend(responses.values())
        attempt.points, attempt.max_points, attempt.score = (
            result.points,
            result.max_points,
            result.fraction,
        )
        attempt.passed = scoring.has_passed(attempt.score, quiz.pass_mark)
    Response.objects.bulk_update(changed, ["credit", "points", "locked"], batch_size=500)
    Attempt.objects.bulk_update(
        attempts, ["points", "max_points", "score", "passed"], batch_size=500
    )
    seen = set()
    for attempt in attempts:
        if attempt.user_id not in seen:
            seen.add(attempt.user_id)
            _report(quiz=quiz, enrollment=attempt.enrollment, user_id=attempt.user_id)
    return len(attempts)


@transaction.atomic
def override_set(
    *, quiz: Quiz, user, extra_attempts: int, extra_minutes: int, granted_by
) -> QuizOverride:
    """Grant one learner extra attempts or extra minutes (replaces an earlier grant).
    An open attempt gets the new deadline at once."""
    override, _created = QuizOverride.objects.update_or_create(
        quiz=quiz,
        user=user,
        defaults={
            "extra_attempts": extra_attempts,
            "extra_minutes": extra_minutes,
            "granted_by": granted_by,
        },
    )
    for attempt in Attempt.objects.select_for_update().filter(
        quiz=quiz, user=user, state=Attempt.State.OPEN
    ):
        attempt.deadline = attempt_deadline(
            quiz=quiz, started_at=attempt.started_at, extra_minutes=extra_minutes
        )
        attempt.save(update_fields=["deadline"])
    if extra_attempts or extra_minutes:
        transaction.on_commit(lambda: notices.extra_granted(override=override))
    return override


@transaction.atomic
def quiz_create(*, module: Module, title: str, **settings) -> Quiz:
    """A new quiz item at the end of ``module`` (``courses.authoring.item_create``) with
    its settings. Raises ValidationError for an empty title or invalid settings."""
    item = item_create(module=module, kind=QUIZ, title=title, is_required=True)
    quiz = Quiz(item=item, **settings)
    quiz.full_clean()
    quiz.save()
    return quiz


@transaction.atomic
def quiz_update(*, form) -> Quiz:
    """Save the validated settings form (``QuizSettingsForm``) and the item's title."""
    quiz = form.save()
    item_rename(item=quiz.item, title=form.cleaned_data["title"])
    return quiz


@transaction.atomic
def question_save(
    *,
    question: Question,
    choices: list[dict],
    tags: list[str] | None = None,
    quiz: Quiz | None = None,
) -> Question:
    """Save a question with its choices (replacing the old ones) and tags; place it at
    the end of ``quiz`` when given and not there yet.

    ``choices``: [{"text", "is_correct", "match_text", "feedback"}] in order.
    Raises django.core.exceptions.ValidationError from full_clean.
    """
    question.full_clean()
    question.save()
    existing = list(question.choices.order_by("position", "pk"))
    # Keep ids where possible so stored answers (which hold choice ids) stay meaningful
    # after a trainer fixes a typo, which is what regrading relies on.
    kept = []
    for index, data in enumerate(choices):
        choice = existing[index] if index < len(existing) else Choice(question=question)
        choice.text = data.get("text", "")
        choice.is_correct = bool(data.get("is_correct"))
        choice.match_text = data.get("match_text", "")
        choice.feedback = data.get("feedback", "")
        choice.position = index
        choice.full_clean(exclude=["question"])
        choice.save()
        kept.append(choice.pk)
    question.choices.exclude(pk__in=kept).delete()
    if tags is not None:
        tag_objects = [
            Tag.objects.get_or_create(name=name)[0]
            for name in dict.fromkeys(t.strip() for t in tags)
            if name
        ]
        question.tags.set(tag_objects)
    if quiz is not None and not QuizQuestion.objects.filter(quiz=quiz, question=question).exists():
        position = (quiz.placements.aggregate(p=Max("position"))["p"] or 0) + 1
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return question


@transaction.atomic
def placement_add(*, quiz: Quiz, question: Question) -> QuizQuestion:
    """Use a bank question in ``quiz`` (at the end); returns the existing placement if any."""
    placement = QuizQuestion.objects.filter(quiz=quiz, question=question).first()
    if placement:
        return placement
    position = (quiz.placements.aggregate(p=Max("position"))["p"] or 0) + 1
    return QuizQuestion.objects.create(quiz=quiz, question=question, position=position)


@transaction.atomic
def placement_remove(*, placement: QuizQuestion) -> None:
    """Take a question out of a quiz; it stays in the bank and in past attempts."""
    placement.delete()


@transaction.atomic
def placement_move(*, placement: QuizQuestion, offset: int) -> None:
    """Move a question up (-1) or down (+1), renumbering the quiz's questions 1..n."""
    rows = list(
        QuizQuestion.objects.select_for_update()
        .filter(quiz_id=placement.quiz_id)
        .order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(rows) if row.pk == placement.pk)
    target = index + offset
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    for position, row in enumerate(rows, start=1):
        row.position = position
    QuizQuestion.objects.bulk_update(rows, ["position"])


@transaction.atomic
def placement_set_points(*, placement: QuizQuestion, points: Decimal | None) -> QuizQuestion:
    placement.points = points
    placement.full_clean()
    placement.save(update_fields=["points"])
    return placement


def quiz_duplicate(old_item: Item, new_item: Item) -> None:
    """Course duplication hook: copy the settings and reuse the same bank questions."""
    quiz = Quiz.objects.filter(item=old_item).first()
    if quiz is None:
        return
    placements = list(quiz.placements.all())
    values = {field.attname: getattr(quiz, field.attname) for field in Quiz._meta.concrete_fields}
    quiz = Quiz.objects.create(**{**values, "item_id": new_item.pk})
    QuizQuestion.objects.bulk_create(
        [
            QuizQuestion(quiz=quiz, question_id=p.question_id, position=p.position, points=p.points)
            for p in placements
        ]
    )
