"""Reading and validating ``.h5p`` archives: pure checks, no ORM and no writes.

``inspect_package`` reads only the central directory and the JSON files, and raises
``PackageError`` (with a translated message naming the problem) on the first rule a
package breaks. The rules are H5P's own (allowed extensions, library folder names,
preloaded files, dependencies) plus ours against hostile archives (path traversal,
absolute paths, symlinks, zip bombs, oversize files).

We wrote this gate ourselves instead of using PyPI's ``pyh5p`` 0.1: pyh5p reads every
member into memory, allows SVG and JavaScript in content, does not skip ``.``/``_``
names and does not check compression ratios (see docs/h5p.md).
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from academy import safe_input

CONTENT_EXTENSIONS = frozenset(
    [
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "csv",
        "diff",
        "patch",
        "swf",
        "md",
        "textile",
        "vtt",
        "webvtt",
        "gltf",
        "glb",
    ]
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml"}
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)-(?P<major>\d+)\.(?P<minor>\d+)$")
MACHINE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,127}$")
JSON_LIMIT = 2 * 1024 * 1024  # no legitimate h5p.json, library.json or content.json is bigger


@dataclass(frozen=True)
class Limits:
    max_file: int
    max_total: int
    max_ratio: int
    max_files: int


class PackageError(Exception):
    """A package breaks a rule; ``message`` is translated and names the problem."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class PackagedLibrary:
    key: str  # "H5P.Example-1.2"
    machine_name: str
    major: int
    minor: int
    patch: int
    title: str
    runnable: bool
    metadata: dict
    dependencies: list[str]  # keys of preloaded and dynamic dependencies
    files: list[zipfile.ZipInfo] = field(default_factory=list)


# Content fields holding a file the player loads (H5P's ``path`` of media, TimelineJS's
# ``media`` and ``thumbnail``); other URLs in content (links, licence sources) are only
# links and load nothing.
LOADED_FIELDS = frozenset({"path", "media", "thumbnail"})
# Hosts whose media is played from another origin than the URL's.
EMBED_ORIGINS = {
    "youtu.be": "https://www.youtube.com",
    "youtube.com": "https://www.youtube.com",
    "m.youtube.com": "https://www.youtube.com",
    "www.youtube.com": "https://www.youtube.com",
    "vimeo.com": "https://player.vimeo.com",
}


def external_origins(content_json) -> list[str]:
    """The origins content loads media or embeds from (sorted, e.g.
    ``["https://upload.wikimedia.org", "https://www.youtube.com"]``)."""
    found: set[str] = set()
    pending = [content_json]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key in LOADED_FIELDS and isinstance(inner, str):
                    match = re.match(r"^(https?)://([^/?#\s]+)", inner.strip(), re.IGNORECASE)
                    if match:
                        scheme, host = match.group(1).lower(), match.group(2).lower()
                        found.add(EMBED_ORIGINS.get(host, f"{scheme}://{host}"))
                else:
                    pending.append(inner)
    return sorted(found)


@dataclass
class PackageInfo:
    title: str
    main_library: str
    h5p_json: dict
    content_json: dict
    content_files: list[zipfile.ZipInfo]
    libraries: dict[str, PackagedLibrary]
    dependencies: list[str]  # the content's whole dependency closure, main library first


def library_key(machine_name: str, major: int, minor: int) -> str:
    return f"{machine_name}-{major}.{minor}"


def _dependency_keys(entries, where: str) -> list[str]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise PackageError(
            _("%(file)s: the dependency list is malformed.") % {"file": where}, code="json"
        )
    keys = []
    for entry in entries:
        try:
            name, major, minor = (
                entry["machineName"],
                int(entry["majorVersion"]),
                int(entry["minorVersion"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise PackageError(
                _("%(file)s: a dependency lacks a machine name or version.") % {"file": where},
                code="json",
            ) from error
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            raise PackageError(
                _("%(file)s: a dependency has an invalid name.") % {"file": where}, code="json"
            )
        keys.append(library_key(name, major, minor))
    return keys


def _check_name(info: zipfile.ZipInfo) -> str | None:
    """The member's path if it is to be kept, None if H5P skips it; raises on hostile names."""
    name = info.filename
    if (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name)
        or "\\" in name
        or "\x00" in name
    ):
        raise PackageError(
            _("“%(name)s” is an absolute path, which a package may not contain.") % {"name": name},
            code="absolute_path",
        )
    parts = PurePosixPath(name).parts
    if ".." in name.split("/"):
        raise PackageError(
            _("“%(name)s” points outside the package (“..”).") % {"name": name}, code="traversal"
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackageError(
            _("“%(name)s” is a symbolic link, which a package may not contain.") % {"name": name},
            code="symlink",
        )
    if info.is_dir():
        return None
    # H5P skips hidden and metadata files such as .DS_Store and __MACOSX/.
    if any(part.startswith((".", "_")) for part in parts):
        return None
    return name


def _read_json(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    if info.file_size > JSON_LIMIT:
        raise PackageError(
            _("“%(name)s” is too large for a JSON file.") % {"name": info.filename}, code="size"
        )
    with archive.open(info) as stream:
        raw = stream.read(JSON_LIMIT + 1)
    try:
        return safe_input.loads(raw)  # also refuses deep nesting (RecursionError) and NUL
    except safe_input.BadInput as error:
        raise PackageError(
            _("“%(name)s” is not valid JSON.") % {"name": info.filename}, code="json"
        ) from error


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def inspect_package(source, *, limits: Limits, installed: dict[str, list[str]]) -> PackageInfo:
    """Validate the archive ``source`` (a path or binary file object).

    ``installed`` maps the keys of libraries already stored to their dependencies; they
    satisfy dependencies a package does not ship. Raises PackageError.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageError(
            _("The file is not a valid .h5p (ZIP) archive."), code="not_zip"
        ) from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_files:
            raise PackageError(
                _("The package has more than %(count)d files.") % {"count": limits.max_files},
                code="too_many",
            )
        total = 0
        kept: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            name = _check_name(info)
            if name is None:
                continue
            if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise PackageError(
                    _("“%(name)s” is compressed suspiciously well (a possible zip bomb).")
                    % {"name": name},
                    code="ratio",
                )
            if info.file_size > limits.max_file:
                raise PackageError(
                    _("“%(name)s” is larger than the limit of %(limit)d MB per file.")
                    % {"name": name, "limit": limits.max_file // (1024 * 1024)},
                    code="size",
                )
            total += info.file_size
            if total > limits.max_total:
                raise PackageError(
                    _("The unpacked package would be larger than %(limit)d MB.")
                    % {"limit": limits.max_total // (1024 * 1024)},
                    code="size",
                )
            if name in kept:
                raise PackageError(
                    _("“%(name)s” appears twice in the package.") % {"name": name}, code="duplicate"
                )
            kept[name] = info

        if "h5p.json" not in kept:
            raise PackageError(
                _("The package has no h5p.json: it is not an H5P file."), code="no_h5p_json"
            )
        if "content/content.json" not in kept:
            raise PackageError(_("The package has no content/content.json."), code="no_content")
        h5p_json = _read_json(archive, kept["h5p.json"])
        if not isinstance(h5p_json, dict) or not isinstance(h5p_json.get("mainLibrary"), str):
            raise PackageError(_("h5p.json does not name a main library."), code="json")
        content_json = _read_json(archive, kept["content/content.json"])
        if not isinstance(content_json, dict):
            raise PackageError(_("content/content.json must hold an object."), code="json")

        content_files: list[zipfile.ZipInfo] = []
        folders: dict[str, list[zipfile.ZipInfo]] = {}
        for name, info in kept.items():
            if name == "h5p.json":
                continue
            top, _sep, rest = name.partition("/")
            if not rest:
                raise PackageError(
                    _("“%(name)s” is not allowed at the top of a package.") % {"name": name},
                    code="unexpected",
                )
            if top == "content":
                if _extension(name) not in CONTENT_EXTENSIONS:
                    raise PackageError(
                        _("“%(name)s” has a file type that is not allowed in H5P content.")
                        % {"name": name},
                        code="extension",
                    )
                if _extension(name) == "json" and name != "content/content.json":
                    _read_json(archive, info)
                content_files.append(info)
                continue
            if not LIBRARY_FOLDER.match(top):
                raise PackageError(
                    _("“%(folder)s” is not a library folder (machineName-major.minor).")
                    % {"folder": top},
                    code="folder",
                )
            if _extension(name) not in LIBRARY_EXTENSIONS:
                raise PackageError(
                    _("“%(name)s” has a file type that is not allowed in an H5P library.")
                    % {"name": name},
                    code="extension",
                )
            folders.setdefault(top, []).append(info)

        libraries: dict[str, PackagedLibrary] = {}
        for folder, infos in folders.items():
            library = _inspect_library(archive, folder, infos)
            libraries[library.key] = library

        # Non-library JSON (languages, semantics, upgrades) must parse too.
        for library in libraries.values():
            for info in library.files:
                if _extension(info.filename) == "json" and not info.filename.endswith(
                    "/library.json"
                ):
                    _read_json(archive, info)

    top_level = _dependency_keys(h5p_json.get("preloadedDependencies"), "h5p.json")
    main = next(
        (key for key in top_level if key.rsplit("-", 1)[0] == h5p_json["mainLibrary"]), None
    )
    if main is None:
        raise PackageError(
            _("h5p.json does not list its main library among its dependencies."), code="json"
        )
    closure = _closure(top_level, main, libraries, installed)
    return PackageInfo(
        title=str(h5p_json.get("title") or "")[:200],
        main_library=main,
        h5p_json=h5p_json,
        content_json=content_json,
        content_files=content_files,
        libraries=libraries,
        dependencies=closure,
    )


def _inspect_library(archive, folder: str, infos: list[zipfile.ZipInfo]) -> PackagedLibrary:
    by_name = {info.filename[len(folder) + 1 :]: info for info in infos}
    if "library.json" not in by_name:
        raise PackageError(
            _("The library folder “%(folder)s” has no library.json.") % {"folder": folder},
            code="no_library_json",
        )
    where = f"{folder}/library.json"
    metadata = _read_json(archive, by_name["library.json"])
    try:
        name = metadata["machineName"]
        major, minor = int(metadata["majorVersion"]), int(metadata["minorVersion"])
        patch = int(metadata.get("patchVersion", 0))
    except (KeyError, TypeError, ValueError) as error:
        raise PackageError(
            _("%(file)s lacks a machine name or version.") % {"file": where}, code="json"
        ) from error
    if not isinstance(name, str) or library_key(name, major, minor) != folder:
        raise PackageError(
            _("The folder “%(folder)s” does not match the library it holds.") % {"folder": folder},
            code="folder",
        )
    for kind in ("preloadedJs", "preloadedCss"):
        entries = metadata.get(kind) or []
        if not isinstance(entries, list):
            raise PackageError(
                _("%(file)s: %(field)s is malformed.") % {"file": where, "field": kind}, code="json"
            )
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str) or path not in by_name:
                raise PackageError(
                    _("%(file)s names the file “%(path)s”, which the library does not contain.")
                    % {"file": where, "path": path},
                    code="missing_file",
                )
    dependencies = _dependency_keys(
        metadata.get("preloadedDependencies"), where
    ) + _dependency_keys(metadata.get("dynamicDependencies"), where)
    return PackagedLibrary(
        key=folder,
        machine_name=name,
        major=major,
        minor=minor,
        patch=patch,
        title=str(metadata.get("title") or name)[:200],
        runnable=bool(metadata.get("runnable")),
        metadata=metadata,
        dependencies=dependencies,
        files=infos,
    )


def _closure(
    top_level: list[str],
    main: str,
    libraries: dict[str, PackagedLibrary],
    installed: dict[str, list[str]],
) -> list[str]:
    """Every library the content needs, main first; raises on a dependency nobody provides.
    Editor dependencies are not followed: the academy plays content, it does not edit it."""
    seen: list[str] = []
    pending = [main, *[key for key in top_level if key != main]]
    while pending:
        key = pending.pop(0)
        if key in seen:
            continue
        seen.append(key)
        if key in libraries:
            pending.extend(libraries[key].dependencies)
        elif key in installed:
            pending.extend(installed[key])
        else:
            raise PackageError(
                _("The library %(library)s is needed but neither in the package nor installed.")
                % {"library": key},
                code="missing_dependency",
            )
    return seen
