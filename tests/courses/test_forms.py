"""Material forms: hostile and mislabelled input is refused with a clear code; nothing stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.forms import DocumentForm, LinkForm, PageForm, VideoForm
from courses.html import normalise_embed_url, sanitize_html
from courses.models import Document, Item, Link, Page, Video
from tests.factories.courses import ItemFactory

pytestmark = pytest.mark.django_db


def real_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Karta diagnozy")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def office_zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = office_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PPTX = office_zip({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>"})
ODT = office_zip(
    {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}
)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nDzień dobry, Добрий день\n".encode()


def _document_form(name: str, content: bytes):
    item = ItemFactory(kind=Item.Kind.DOCUMENT)
    form = DocumentForm(
        data={"description": "Wzór"},
        files={"file": SimpleUploadedFile(name, content)},
        instance=Document(item=item),
    )
    return form, item


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("karta.pdf", None, "pdf"),
        ("wzor.docx", DOCX, "docx"),
        ("tabela.xlsx", XLSX, "xlsx"),
        ("slajdy.pptx", PPTX, "pptx"),
        ("notatka.odt", ODT, "odt"),
        # The content decides, not the name: a PDF called .docx is stored as a PDF.
        ("mislabelled.docx", None, "pdf"),
    ],
)
def test_documents_are_recognised_by_their_content(name, content, kind):
    form, item = _document_form(name, content if content is not None else real_pdf())
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.file_type == kind
    assert document.original_name.endswith(f".{kind}")
    assert document.size > 0
    with document.file.open("rb") as stored:
        assert stored.read(4) in (b"%PDF", b"PK\x03\x04")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("program.docx", b"MZ\x90\x00" + b"\x00" * 200),
        ("archive.docx", office_zip({"readme.txt": "not a document"})),
        ("broken.xlsx", b"PK\x03\x04 this is not really a zip"),
        ("empty.pdf", b""),
    ],
)
def test_mislabelled_or_hostile_documents_are_refused_and_nothing_is_stored(name, content):
    form, item = _document_form(name, content)
    assert not form.is_valid()
    assert form.has_error("file")
    assert not Document.objects.exists()


def test_oversize_documents_are_refused_with_the_limit_in_the_message(settings):
    settings.COURSES_DOCUMENT_MAX_BYTES = 1000
    form, _item = _document_form("big.pdf", real_pdf() + b"\n" * 2000)
    assert not form.is_valid()
    assert form.has_error("file", "document_too_large")
    assert "1000" in str(form.errors["file"]) or "KB" in str(form.errors["file"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        (
            "https://youtube-nocookie.com/embed/aqz-KE-bpKQ?start=30",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=30",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=8a1b2c3d4e&autoplay=1",
            "https://player.vimeo.com/video/76979871?h=8a1b2c3d4e&dnt=1",
        ),
    ],
)
def test_privacy_enhanced_embeds_are_accepted_and_normalised(url, expected):
    item = ItemFactory(kind=Item.Kind.VIDEO)
    form = VideoForm(data={"embed_url": url, "transcript": "Tekst"}, instance=Video(item=item))
    assert form.is_valid(), form.errors
    assert form.save().embed_url == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)//https://www.youtube-nocookie.com/embed/abcdefgh",
        "data:text/html,<script>alert(1)</script>",
        "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "https://www.youtube.com/embed/aqz-KE-bpKQ",
        "http://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "https://www.youtube-nocookie.com.evil.example/embed/aqz-KE-bpKQ",
        "https://evil.example/?https://player.vimeo.com/video/1",
        "https://user@www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "https://vimeo.com/76979871",
        'https://www.youtube-nocookie.com/embed/"><script>',
    ],
)
def test_other_embed_addresses_are_refused(url):
    item = ItemFactory(kind=Item.Kind.VIDEO)
    form = VideoForm(data={"embed_url": url, "transcript": "Tekst"}, instance=Video(item=item))
    assert not form.is_valid()
    assert form.has_error("embed_url", "invalid_embed")
    assert normalise_embed_url(url) is None
    assert not Video.objects.exists()


def test_an_uploaded_video_with_webvtt_captions_is_accepted():
    item = ItemFactory(kind=Item.Kind.VIDEO)
    form = VideoForm(
        data={"captions_language": "pl", "transcript": ""},
        files={
            "file": SimpleUploadedFile("film.mp4", MP4),
            "captions": SimpleUploadedFile("napisy.vtt", VTT),
        },
        instance=Video(item=item),
    )
    assert form.is_valid(), form.errors
    video = form.save()
    assert video.file_type == "mp4" and video.captions and video.is_accessible


@pytest.mark.parametrize(
    ("files", "field", "code"),
    [
        ({"file": ("film.mp4", b"<html>not a video</html>")}, "file", "video_type"),
        (
            {
                "file": ("film.mp4", MP4),
                "captions": ("napisy.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n"),
            },
            "captions",
            "captions_type",
        ),
        (
            {"file": ("film.mp4", MP4), "captions": ("napisy.vtt", b"WEBVTT\n\n\xff\xfe broken")},
            "captions",
            "captions_type",
        ),
    ],
)
def test_mislabelled_video_uploads_are_refused(files, field, code):
    item = ItemFactory(kind=Item.Kind.VIDEO)
    uploads = {key: SimpleUploadedFile(name, content) for key, (name, content) in files.items()}
    form = VideoForm(data={"captions_language": "pl"}, files=uploads, instance=Video(item=item))
    assert not form.is_valid()
    assert form.has_error(field, code)
    assert not Video.objects.exists()


def test_a_video_needs_exactly_one_source():
    item = ItemFactory(kind=Item.Kind.VIDEO)
    neither = VideoForm(data={"transcript": "x"}, instance=Video(item=item))
    assert not neither.is_valid() and neither.has_error("__all__", "video_source")
    both = VideoForm(
        data={"embed_url": "https://player.vimeo.com/video/1"},
        files={"file": SimpleUploadedFile("film.mp4", MP4)},
        instance=Video(item=item),
    )
    assert not both.is_valid() and both.has_error("__all__", "video_source")


def test_oversize_videos_are_refused(settings):
    settings.COURSES_VIDEO_MAX_BYTES = 50
    item = ItemFactory(kind=Item.Kind.VIDEO)
    form = VideoForm(
        data={}, files={"file": SimpleUploadedFile("film.mp4", MP4)}, instance=Video(item=item)
    )
    assert not form.is_valid() and form.has_error("file", "video_too_large")


def test_page_html_is_sanitised_on_save():
    item = ItemFactory(kind=Item.Kind.PAGE)
    form = PageForm(
        data={
            "body": (
                '<h2 onclick="alert(1)">Tytuł</h2><script>alert(1)</script><p style="color:red">Tekst '
                '<a href="javascript:alert(1)">link</a> <a href="https://gov.pl">gov</a></p><iframe src="https://evil"></iframe>'
            )
        },
        instance=Page(item=item),
    )
    assert form.is_valid(), form.errors
    body = form.save().body
    for forbidden in ("<script", "onclick", "style=", "javascript:", "<iframe"):
        assert forbidden not in body
    assert "<h2>Tytuł</h2>" in body and 'href="https://gov.pl"' in body


def test_pages_need_alt_text_on_images():
    item = ItemFactory(kind=Item.Kind.PAGE)
    form = PageForm(
        data={"body": '<p>Mapa</p><img src="https://example.org/map.png">'},
        instance=Page(item=item),
    )
    assert not form.is_valid() and form.has_error("body", "image_missing_alt")
    form = PageForm(
        data={"body": '<p>Mapa</p><img src="https://example.org/map.png" alt="Mapa gmin">'},
        instance=Page(item=item),
    )
    assert form.is_valid(), form.errors


def test_an_empty_page_is_refused():
    form = PageForm(data={"body": "<p></p>"}, instance=Page(item=ItemFactory()))
    assert not form.is_valid() and form.has_error("body", "empty_page")
    assert sanitize_html("<p><br></p>") == ""


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.org/x", "www.gov.pl", "mailto:a@b.pl"]
)
def test_links_must_be_web_addresses(url):
    form = LinkForm(
        data={"url": url, "description": "x"}, instance=Link(item=ItemFactory(kind="link"))
    )
    assert not form.is_valid() and form.has_error("url", "link_scheme")


def test_a_web_link_is_accepted():
    form = LinkForm(
        data={"url": "https://www.gov.pl/web/udsc", "description": "UdSC"},
        instance=Link(item=ItemFactory(kind="link")),
    )
    assert form.is_valid(), form.errors
