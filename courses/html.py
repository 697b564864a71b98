"""Sanitising trainer HTML (nh3) and the embed-address rules for videos. Pure."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Trainer HTML with only the tags the editor produces; scripts, styles, event
    handlers and ``javascript:`` URLs removed. Empty editor output becomes ''."""
    cleaned = _cleaner.clean(html or "").strip()
    if re.fullmatch(r"(<p>(\s|<br>)*</p>\s*)*", cleaned):
        return ""
    return cleaned


def images_without_alt(html: str) -> int:
    """How many ``<img>`` tags lack a non-empty text alternative."""
    count = 0
    for tag in re.findall(r"<img\b[^>]*>", html or "", flags=re.IGNORECASE):
        match = re.search(r'\balt\s*=\s*"([^"]*)"', tag, flags=re.IGNORECASE)
        if not match or not match.group(1).strip():
            count += 1
    return count


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")


def normalise_embed_url(url: str) -> str | None:
    """The canonical player address for an allowed embed, or None.

    Allowed: YouTube's privacy-enhanced player (``youtube-nocookie.com/embed/<id>``)
    and Vimeo's player (``player.vimeo.com/video/<id>``), over https. Everything else,
    including ``javascript:`` and other hosts, is refused.
    """
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or parts.port not in (None, 443):
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in {"www.youtube-nocookie.com", "youtube-nocookie.com"}:
        if len(segments) == 2 and segments[0] == "embed" and _YOUTUBE_ID.match(segments[1]):
            start = parse_qs(parts.query).get("start", [""])[0]
            suffix = f"?start={start}" if start.isdigit() else ""
            return f"https://www.youtube-nocookie.com/embed/{segments[1]}{suffix}"
        return None
    if host == "player.vimeo.com":
        if len(segments) == 2 and segments[0] == "video" and _VIMEO_ID.match(segments[1]):
            # Unlisted Vimeo videos need their privacy hash ``h``.
            privacy_hash = parse_qs(parts.query).get("h", [""])[0]
            suffix = f"h={privacy_hash}&" if _VIMEO_HASH.match(privacy_hash) else ""
            return f"https://player.vimeo.com/video/{segments[1]}?{suffix}dnt=1"
        return None
    return None
