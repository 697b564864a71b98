"""What completes an H5P step: the completion modes, the mode proposed at import, and
which statements meet each mode. Pure functions, no ORM: ``services.statement_record``
asks them and reports the outcome through the progress engine.

Modes:
- **viewed**: the content started in the player (our relay reports a ``viewed``
  statement once H5P has built it);
- **interacted**: any sign the learner did something: an ``interacted``,
  ``experienced``, ``consumed``, ``attempted`` (or scoring) statement, or a saved state;
- **completed**: a top-level ``completed``/``answered`` that finishes an attempt that did
  not fail;
- **passed**: as *completed*, and the graded score reaches the pass mark.
"""

from __future__ import annotations

VIEWED = "viewed"
INTERACTED = "interacted"
COMPLETED = "completed"
PASSED = "passed"

VIEWED_VERB = "viewed"  # sent by relay.js when the content has started
INTERACTION_VERBS = frozenset(
    {
        "interacted",
        "experienced",
        "consumed",
        "attempted",
        "answered",
        "completed",
        "passed",
        "failed",
        "progressed",
    }
)

# Main libraries whose content reports a score (an attempt with raw/max) when the learner
# finishes: H5P's question types and the containers built around them (and our own).
SCORING_LIBRARIES = frozenset(
    {
        "H5P.AcademyCheck",
        "H5P.ArithmeticQuiz",
        "H5P.Blanks",
        "H5P.CoursePresentation",
        "H5P.Crossword",
        "H5P.DragQuestion",
        "H5P.DragText",
        "H5P.Essay",
        "H5P.FindTheWords",
        "H5P.ImageHotspotQuestion",
        "H5P.ImageMultipleHotspotQuestion",
        "H5P.ImagePair",
        "H5P.ImageSequencing",
        "H5P.InteractiveBook",
        "H5P.InteractiveVideo",
        "H5P.MarkTheWords",
        "H5P.MultiChoice",
        "H5P.MultiMediaChoice",
        "H5P.QuestionSet",
        "H5P.SingleChoiceSet",
        "H5P.SortParagraphs",
        "H5P.SpeakTheWords",
        "H5P.SpeakTheWordsSet",
        "H5P.Summary",
        "H5P.TrueFalse",
    }
)
# Main libraries known never to report a score: presentation and exploration content.
NON_SCORING_LIBRARIES = frozenset(
    {
        "H5P.Accordion",
        "H5P.AdvancedText",
        "H5P.Agamotto",
        "H5P.Audio",
        "H5P.AudioRecorder",
        "H5P.Chart",
        "H5P.Collage",
        "H5P.Dialogcards",
        "H5P.DocumentationTool",
        "H5P.GuessTheAnswer",
        "H5P.IFrameEmbed",
        "H5P.Image",
        "H5P.ImageHotspots",
        "H5P.ImageJuxtaposition",
        "H5P.ImageSlider",
        "H5P.Link",
        "H5P.Table",
        "H5P.Text",
        "H5P.Timeline",
        "H5P.TwitterUserFeed",
        "H5P.Video",
    }
)
# Non-scoring content that reports what the learner does (a card turned, a slider moved),
# so *interacted* can be met; other non-scoring content is proposed *viewed*. Content of
# other libraries (H5P.Column, for one) scores or not depending on what it holds.
INTERACTING_LIBRARIES = frozenset({"H5P.Agamotto", "H5P.Dialogcards"})


def content_scores(main_library: str) -> bool | None:
    """Whether content of this main library (machine name) reports a score: True, False,
    or None when it depends on the content (containers) or the library is unknown."""
    if main_library in SCORING_LIBRARIES:
        return True
    if main_library in NON_SCORING_LIBRARIES:
        return False
    return None


def mode_propose(main_library: str) -> str:
    """The completion mode to propose at import: content that may never score must not
    default to *passed*, which nothing the learner does could meet."""
    if content_scores(main_library):
        return PASSED
    if main_library in INTERACTING_LIBRARIES:
        return INTERACTED
    return VIEWED


def mode_possible(mode: str, *, scores: bool | None) -> bool:
    """Whether a learner can ever meet ``mode``: *passed* needs a score, which content of
    a library known never to score cannot give."""
    return not (mode == PASSED and scores is False)


def statement_completes(mode: str, *, verb: str, is_child: bool) -> bool:
    """Whether this statement alone completes the step in ``mode``. The attempt-based
    modes (*completed*, *passed*) are decided from attempts, not here, and so is a
    question answered inside the content (it belongs to an attempt: its top-level
    ``answered``/``completed`` counts)."""
    if is_child and verb == "answered":
        return False
    if mode == VIEWED:
        return verb == VIEWED_VERB or verb in INTERACTION_VERBS
    if mode == INTERACTED:
        return verb in INTERACTION_VERBS
    return False


def state_completes(mode: str) -> bool:
    """A saved state means the learner did something: it completes *interacted* (and *viewed*)."""
    return mode in (VIEWED, INTERACTED)


def attempt_completes(
    mode: str, *, finished: bool, failed: bool, graded, pass_percent: int
) -> bool:
    """Whether a finished attempt completes the step: it must be finished and not failed,
    and in *passed* mode the activity's grade must reach the pass mark. In *viewed* and
    *interacted* modes any finished attempt counts as well."""
    if not finished or failed:
        return mode in (VIEWED, INTERACTED) and finished
    if mode != PASSED:
        return True
    return graded is not None and graded * 100 >= pass_percent
