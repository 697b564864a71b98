"""Our own minimal H5P content type (``H5P.AcademyCheck`` 1.1, in ``h5p/sample/``) and a
builder for real ``.h5p`` archives of it: used by the demo data and by the tests, so
nothing downloaded is ever needed."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent / "sample" / "H5P.AcademyCheck-1.1"
LIBRARY_KEY = "H5P.AcademyCheck-1.1"

DEFAULT_QUESTIONS = [
    {
        "id": "q1",
        "text": "Who may receive temporary protection in Poland?",
        "options": ["Anyone arriving from the EU", "People displaced from Ukraine by the war"],
        "correct": 1,
    },
    {
        "id": "q2",
        "text": "Who should interpret in a conversation with a client?",
        "options": ["A trained interpreter", "The client's child"],
        "correct": 0,
    },
]


def library_files() -> dict[str, bytes]:
    return {
        f"{LIBRARY_KEY}/{path.name}": path.read_bytes() for path in sorted(LIBRARY_DIR.iterdir())
    }


def sample_files(
    *,
    title: str = "Academy check",
    questions: list | None = None,
    heading: str = "",
    check_label: str = "Check",
    language: str = "en",
    with_library: bool = True,
    pass_ratio: float = 0.5,
) -> dict[str, bytes]:
    """The files of a package (path -> bytes); tests change them to build hostile ones."""
    h5p_json = {
        "title": title,
        "language": language,
        "mainLibrary": "H5P.AcademyCheck",
        "embedTypes": ["div"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": "H5P.AcademyCheck", "majorVersion": "1", "minorVersion": "1"}
        ],
    }
    content = {
        "heading": heading or title,
        "questions": questions or DEFAULT_QUESTIONS,
        "checkLabel": check_label,
        "passRatio": pass_ratio,
    }
    files = {
        "h5p.json": json.dumps(h5p_json, ensure_ascii=False).encode(),
        "content/content.json": json.dumps(content, ensure_ascii=False).encode(),
    }
    if with_library:
        files.update(library_files())
    return files


def build_package(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sample_package(**kwargs) -> bytes:
    return build_package(sample_files(**kwargs))
