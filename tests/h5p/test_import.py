"""Importing packages: valid ones are stored once, hostile ones leave nothing behind."""

import io
import json
import stat
import zipfile

import pytest

from courses.models import Item
from h5p.models import Activity, Library
from h5p.package import PackageError
from h5p.sample import build_package, sample_files, sample_package
from h5p.services import activity_create
from tests.factories.h5p import upload
from tests.h5p.conftest import public_files, stored_files

pytestmark = pytest.mark.django_db


def _import(module, trainer, data: bytes):
    return activity_create(module=module, upload=upload(data), user=trainer)


def test_a_valid_package_becomes_an_item_with_its_content_and_library_stored(
    module, trainer, settings
):
    activity = _import(module, trainer, sample_package(title="Sprawdź się"))
    assert activity.item.kind == "h5p"
    assert activity.item.title == "Sprawdź się"
    assert activity.main_library.key == "H5P.AcademyCheck-1.1"
    assert not activity.main_library.is_approved
    files = stored_files(settings)
    assert f"h5p/content/{activity.content_hash}/content/content.json" in files
    assert f"h5p/content/{activity.content_hash}/h5p.json" in files
    assert f"{activity.main_library.path}/academy-check.js" in files


def test_a_library_is_stored_once_and_upgraded_by_a_higher_patch(
    module, trainer, settings, django_capture_on_commit_callbacks
):
    first = _import(module, trainer, sample_package(title="A"))
    _import(module, trainer, sample_package(title="B"))
    assert Library.objects.count() == 1
    old_path = first.main_library.path
    files = sample_files(title="C")
    meta = json.loads(files["H5P.AcademyCheck-1.1/library.json"])
    meta["patchVersion"] = 3
    files["H5P.AcademyCheck-1.1/library.json"] = json.dumps(meta).encode()
    with django_capture_on_commit_callbacks(execute=True):
        _import(module, trainer, build_package(files))
    library = Library.objects.get()
    assert library.patch_version == 3
    assert library.path != old_path
    assert not any(name.startswith(old_path) for name in stored_files(settings)), (
        "the old patch is removed"
    )
    assert library.activities.count() == 3


def test_a_content_only_package_uses_the_installed_library(module, trainer):
    _import(module, trainer, sample_package())
    activity = _import(module, trainer, sample_package(title="Bez biblioteki", with_library=False))
    assert activity.main_library.key == "H5P.AcademyCheck-1.1"


def test_hidden_and_underscore_files_are_skipped_not_stored(module, trainer, settings):
    files = sample_files()
    files["content/.DS_Store"] = b"junk"
    files["__MACOSX/content/._content.json"] = b"junk"
    activity = _import(module, trainer, build_package(files))
    assert not [name for name in stored_files(settings) if "DS_Store" in name or "MACOSX" in name]
    assert activity.pk


def _symlink_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sample_files().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("content/images/link.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def _with(extra: dict[str, bytes], *, drop: tuple = (), **kwargs) -> bytes:
    files = sample_files(**kwargs)
    for name in drop:
        files.pop(name)
    files.update(extra)
    return build_package(files)


def _zip_bomb() -> bytes:
    return _with({"content/zeros.txt": b"\0" * (3 * 1024 * 1024)})


def _library_json(change) -> bytes:
    files = sample_files()
    meta = json.loads(files["H5P.AcademyCheck-1.1/library.json"])
    change(meta)
    files["H5P.AcademyCheck-1.1/library.json"] = json.dumps(meta).encode()
    return build_package(files)


def _h5p_json(change) -> bytes:
    files = sample_files()
    meta = json.loads(files["h5p.json"])
    change(meta)
    files["h5p.json"] = json.dumps(meta).encode()
    return build_package(files)


HOSTILE = {
    "zip slip": (lambda: _with({"content/../../evil.js.txt": b"x"}), "traversal"),
    "absolute path": (lambda: _with({"/etc/cron.d/evil.txt": b"x"}), "absolute_path"),
    "windows absolute path": (lambda: _with({"C:/evil.txt": b"x"}), "absolute_path"),
    "symlink": (_symlink_package, "symlink"),
    "zip bomb": (_zip_bomb, "ratio"),
    "disallowed extension": (lambda: _with({"content/run.exe": b"MZ"}), "extension"),
    "javascript in content": (lambda: _with({"content/steal.js": b"alert(1)"}), "extension"),
    "svg in content": (
        lambda: _with({"content/images/logo.svg": b"<svg onload='alert(1)'/>"}),
        "extension",
    ),
    "html in a library": (lambda: _with({"H5P.AcademyCheck-1.1/page.html": b"<p>"}), "extension"),
    "missing h5p.json": (lambda: _with({}, drop=("h5p.json",)), "no_h5p_json"),
    "missing content.json": (lambda: _with({}, drop=("content/content.json",)), "no_content"),
    "broken json": (lambda: _with({"content/content.json": b"{not json"}), "json"),
    "broken library json": (lambda: _with({"H5P.AcademyCheck-1.1/library.json": b"[1,"}), "json"),
    "missing dependency": (
        lambda: _library_json(
            lambda m: m.update(
                preloadedDependencies=[
                    {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
                ]
            )
        ),
        "missing_dependency",
    ),
    "main library not shipped or installed": (
        lambda: sample_package(with_library=False),
        "missing_dependency",
    ),
    "preloaded file missing": (
        lambda: _with({}, drop=("H5P.AcademyCheck-1.1/academy-check.css",)),
        "missing_file",
    ),
    "folder not matching its library": (
        lambda: _library_json(lambda m: m.update(minorVersion=2)),
        "folder",
    ),
    "main library not among dependencies": (
        lambda: _h5p_json(lambda m: m.update(mainLibrary="H5P.Other")),
        "json",
    ),
    "stray top-level file": (lambda: _with({"readme.txt": b"hi"}), "unexpected"),
    "oversize file": (lambda: _with({"content/video.mp4": b"\x01" * (600 * 1024)}), "size"),
    "not a zip": (lambda: b"PK but not really a zip", "not_zip"),
}


def _version_zero() -> bytes:
    files = sample_files()
    lib = {
        k.replace("H5P.AcademyCheck-1.1", "H5P.AcademyCheck-1.0"): v
        for k, v in files.items()
        if k.startswith("H5P.AcademyCheck-1.1/")
    }
    meta = json.loads(lib["H5P.AcademyCheck-1.0/library.json"])
    meta["minorVersion"] = 0
    lib["H5P.AcademyCheck-1.0/library.json"] = json.dumps(meta).encode()
    h5p_json = json.loads(files["h5p.json"])
    h5p_json["preloadedDependencies"][0]["minorVersion"] = 0
    return build_package(
        {
            "h5p.json": json.dumps(h5p_json).encode(),
            "content/content.json": files["content/content.json"],
            **lib,
        }
    )


def test_a_main_library_whose_version_has_a_zero_imports(module, trainer, settings):
    # H5P accepts 1.0 and 0.3: the player finds the constructor by machine name.
    activity = _import(module, trainer, _version_zero())
    assert activity.main_library.key == "H5P.AcademyCheck-1.0"
    assert f"{activity.main_library.path}/academy-check.js" in stored_files(settings)
    assert public_files(settings) == [], "nothing under the public MEDIA_ROOT"


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_package_fails_cleanly_and_writes_nothing(case, module, trainer, settings):
    settings.H5P_MAX_FILE_SIZE = 512 * 1024
    build, code = HOSTILE[case]
    data = build()
    before = (
        stored_files(settings),
        Item.objects.count(),
        Activity.objects.count(),
        Library.objects.count(),
    )
    with pytest.raises(PackageError) as error:
        _import(module, trainer, data)
    assert error.value.code == code
    assert error.value.message
    after = (
        stored_files(settings),
        Item.objects.count(),
        Activity.objects.count(),
        Library.objects.count(),
    )
    assert after == before


def test_a_failure_while_writing_removes_what_this_import_wrote(
    module, trainer, settings, monkeypatch
):
    """A crash after files were written (here: the database refuses the item) rolls back both."""
    _import(module, trainer, sample_package(title="Istniejąca"))
    before = (stored_files(settings), Item.objects.count(), Activity.objects.count())

    def refuse(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("h5p.services.item_create", refuse)
    files = sample_files(title="Nowa")
    files["content/images/photo.png"] = b"\x89PNG fake but allowed"
    with pytest.raises(RuntimeError):
        _import(module, trainer, build_package(files))
    assert (stored_files(settings), Item.objects.count(), Activity.objects.count()) == before


def test_the_total_unpacked_size_is_limited(module, trainer, settings):
    settings.H5P_MAX_TOTAL_SIZE = 1024
    with pytest.raises(PackageError) as error:
        _import(module, trainer, sample_package())
    assert error.value.code == "size"
    assert stored_files(settings) == []


def test_a_lying_size_header_is_caught_while_extracting(module, trainer, settings):
    """The central directory says 10 bytes, the data inflates to far more."""
    files = sample_files()
    data = bytearray(build_package({**files, "content/data.txt": b"A" * 5000}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("content/data.txt")
    # Patch the uncompressed size in both the local header and the central directory.
    local = info.header_offset
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")
    central = bytes(data).rfind(b"PK\x01\x02", 0, len(data))
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == b"content/data.txt":
            data[central + 24 : central + 28] = (10).to_bytes(4, "little")
            break
        central = bytes(data).rfind(b"PK\x01\x02", 0, central)
    before = stored_files(settings)
    with pytest.raises((PackageError, zipfile.BadZipFile)):
        _import(module, trainer, bytes(data))
    assert stored_files(settings) == before
    assert Activity.objects.count() == 0


def test_committing_a_first_import_keeps_its_library_files(
    module, trainer, settings, django_capture_on_commit_callbacks
):
    """Regression: the clean-up of replaced patches once removed the new library itself."""
    with django_capture_on_commit_callbacks(execute=True):
        activity = _import(module, trainer, sample_package())
    assert f"{activity.main_library.path}/academy-check.js" in stored_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        _import(module, trainer, sample_package(title="Druga"))
    assert f"{activity.main_library.path}/academy-check.js" in stored_files(settings)
