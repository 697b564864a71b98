"""The real Hub packages in ``../shared/h5p-corpus`` (test data, never copied into the
repository): where to find them and what each one is expected to do.

``H5P_CORPUS_DIR`` names the folder; otherwise it is ``<repository>/../shared/h5p-corpus``,
which is where CI clones it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CorpusPackage:
    file: str
    main: str  # main library key
    scores: bool  # reports a score the learner can earn
    mode: str  # the completion mode proposed at import
    expected: str  # what a learner does in the browser test and what reaches the server


# One row per package; ``expected`` is the result the browser test checks.
PACKAGES = [
    CorpusPackage(
        "H5P.MultiChoice.h5p", "H5P.MultiChoice-1.14", True, "passed", "answered: score recorded"
    ),
    CorpusPackage(
        "H5P.QuestionSet.h5p", "H5P.QuestionSet-1.17", True, "passed", "answered: score recorded"
    ),
    CorpusPackage(
        "H5P.TrueFalse.h5p", "H5P.TrueFalse-1.6", True, "passed", "answered: score recorded"
    ),
    CorpusPackage("H5P.Blanks.h5p", "H5P.Blanks-1.12", True, "passed", "answered: score recorded"),
    CorpusPackage(
        "H5P.DragText.h5p", "H5P.DragText-1.8", True, "passed", "answered: score recorded"
    ),
    CorpusPackage(
        "H5P.DragQuestion.h5p", "H5P.DragQuestion-1.13", True, "passed", "answered: score recorded"
    ),
    CorpusPackage(
        "H5P.MarkTheWords.h5p", "H5P.MarkTheWords-1.9", True, "passed", "answered: score recorded"
    ),
    CorpusPackage("H5P.Essay.h5p", "H5P.Essay-1.2", True, "passed", "answered: score recorded"),
    CorpusPackage(
        "H5P.Summary.h5p", "H5P.Summary-1.10", True, "passed", "answered: score recorded"
    ),
    CorpusPackage(
        "H5P.Accordion.h5p", "H5P.Accordion-1.0", False, "viewed", "viewed: complete on opening"
    ),
    CorpusPackage(
        "H5P.Collage.h5p", "H5P.Collage-0.3", False, "viewed", "viewed: complete on opening"
    ),
    CorpusPackage(
        "H5P.AudioRecorder.h5p",
        "H5P.AudioRecorder-1.0",
        False,
        "viewed",
        "viewed: complete on opening",
    ),
    CorpusPackage(
        "H5P.Dialogcards.h5p", "H5P.Dialogcards-1.8", False, "interacted", "interacted: card turned"
    ),
    CorpusPackage(
        "H5P.ImageHotspots.h5p",
        "H5P.ImageHotspots-1.9",
        False,
        "viewed",
        "viewed: complete on opening",
    ),
    CorpusPackage(
        "H5P.Agamotto.h5p", "H5P.Agamotto-1.5", False, "interacted", "interacted: slider moved"
    ),
    CorpusPackage(
        "H5P.Timeline.h5p", "H5P.Timeline-1.1", False, "viewed", "viewed: complete on opening"
    ),
    CorpusPackage(
        "H5P.Column-youtube.h5p", "H5P.Column-1.12", False, "viewed", "viewed: complete on opening"
    ),
]


def corpus_dir() -> Path:
    """The corpus folder; fails the test with a clear message when it is missing."""
    folder = Path(os.environ.get("H5P_CORPUS_DIR") or REPOSITORY.parent / "shared" / "h5p-corpus")
    if not (folder / "H5P.MultiChoice.h5p").is_file():
        pytest.fail(
            f"The H5P corpus is missing: no {folder}/H5P.MultiChoice.h5p. Set H5P_CORPUS_DIR to the folder of "
            "real Hub packages (in CI it is ../shared/h5p-corpus beside the repository).",
            pytrace=False,
        )
    return folder


def corpus_path(package: CorpusPackage) -> Path:
    return corpus_dir() / package.file


def corpus_bytes(package: CorpusPackage) -> bytes:
    return corpus_path(package).read_bytes()
