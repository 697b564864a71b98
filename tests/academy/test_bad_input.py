"""Hostile input never gives a 5xx: NUL bytes, lone surrogates, 1 MB values and
10,000-level nesting sent to every form field and query parameter of the pages each
persona reaches (found by crawling the demo academy as that persona), to paths, and
to the JSON endpoints. Run on SQLite and PostgreSQL (which refuses NUL in text)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from academy import safe_input
from academy.models import User

pytestmark = pytest.mark.django_db

NESTED = "[" * 10_000 + "]" * 10_000
# Raw, percent-encoded: a lone surrogate cannot be encoded as UTF-8 by the test client.
BAD_VALUES = {
    "nul": quote("a\x00b"),
    "surrogate": "%ED%A0%80",
    "megabyte": "x" * 1_000_000,
    "nested": quote(NESTED),
    # Digits str.isdigit() accepts and int() refuses; more digits than int() parses.
    "superscript": quote("²"),
    "digits": "1" * 5000,
}
SKIP = ("/accounts/logout/", "/admin/", "/static/", "/media/", "/h5p/play/", "/language/")
TYPED = {
    "text",
    "email",
    "url",
    "number",
    "search",
    "password",
    "tel",
    "date",
    "datetime-local",
    "time",
}
DOWNLOADS = (".pdf", ".zip", ".csv", ".jwt", ".json", ".png", ".svg")


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: set[str] = set()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.add(attrs["href"])
        elif tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": (attrs.get("method") or "get").lower(),
                    "fields": {},
                    "typed": set(),
                }
            )
        elif tag in ("input", "textarea", "select", "button") and self.forms and attrs.get("name"):
            form = self.forms[-1]
            form["fields"].setdefault(attrs["name"], attrs.get("value") or "")
            if tag == "textarea" or (tag == "input" and attrs.get("type", "text") in TYPED):
                form["typed"].add(attrs["name"])


def _local(url: str, base: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:")):
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/") or path.startswith(SKIP):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: list[str], limit: int = 60):
    """Pages reachable by GET from ``start``: {url: [forms]}."""
    seen: dict[str, list[dict]] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        seen[url] = []
        if (
            response.status_code != 200
            or "html" not in response.get("Content-Type", "")
            or url.endswith(DOWNLOADS)
        ):
            continue
        page = Page()
        page.feed(response.content.decode())
        seen[url] = page.forms
        for link in page.links:
            local = _local(link, url)
            if local and local not in seen and not local.split("?")[0].endswith(DOWNLOADS):
                queue.append(local)
    return seen


def _encoded(fields: dict[str, str], target: str, bad: str) -> str:
    pairs = [(name, value) for name, value in fields.items()]
    plain = urlencode([(name, value) for name, value in pairs if name != target])
    return "&".join(part for part in (plain, f"{quote(target)}={bad}") if part)


def _encoded_all(fields: dict[str, str], bad: str) -> str:
    return "&".join(
        f"{quote(name)}={bad if name != 'csrfmiddlewaretoken' else quote(value)}"
        for name, value in fields.items()
    )


# A NUL, a lone surrogate or an over-long query value is refused by BadInputMiddleware
# whichever parameter carries it, and a nested text only matters where something parses
# it, so those go to all parameters of a form at once; each field gets 1 MB on its own
# too, and each field a person types into gets it on its own (its length check must not
# be skipped because another field failed first).
AT_ONCE = ("nul", "surrogate", "nested", "superscript", "digits")


def fuzz(client: Client, pages: dict[str, list[dict]]) -> int:
    """Send the bad values to the query parameters and form fields once per distinct
    (method, path, fields): the same form on twenty pages is tried once."""
    sent = 0
    tried: set[tuple] = set()

    def send(method, target, body, where):
        nonlocal sent
        if method == "post":
            response = client.post(target, body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(target, QUERY_STRING=body)
        assert response.status_code < 500, (*where, response.status_code)
        sent += 1

    for url, forms in pages.items():
        path, _sep, query = url.partition("?")
        params = dict(parse_qsl(query, keep_blank_values=True)) | {"q": "", "page": ""}
        targets = [("get", path, params, set())]
        for form in forms:
            action = (_local(form["action"], url) or path).split("?")[0]
            if not action.startswith(SKIP):
                targets.append((form["method"], action, form["fields"], form["typed"]))
        for method, target, fields, typed in targets:
            key = (method, target, tuple(sorted(fields)))
            if key in tried:
                continue
            tried.add(key)
            for label, bad in BAD_VALUES.items():
                send(method, target, _encoded_all(fields, bad), (url, target, "*", label))
                if label in AT_ONCE or method == "get":
                    continue
                for name in typed:
                    send(method, target, _encoded(fields, name, bad), (url, target, name, label))
    return sent


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


START = [
    "/",
    "/courses/",
    "/dashboard/",
    "/studio/",
    "/certificates/",
    "/certificates/organisation/",
    "/organisation/progress/",
    "/organisation/members/",
    "/profile/",
    "/certificates/verify/",
    "/h5p/libraries/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


# Staff see every studio page a trainer sees (they edit every course), so no trainer run.
@pytest.mark.parametrize(
    "persona",
    [None, "learner@academy.example", "coordinator@academy.example", "staff@academy.example"],
)
def test_hostile_values_in_every_form_and_query_parameter_never_give_a_5xx(
    demo, client_for, persona
):
    client = client_for(User.objects.get(email=persona) if persona else None)
    client.raise_request_exception = False
    pages = crawl(client, START)
    assert len(pages) > 10
    assert fuzz(client, pages) > 50


@pytest.mark.parametrize(
    "path",
    [
        "/courses/%00/",
        "/certificates/verify/%00/",
        "/certificates/status/%ED%A0%80/",
        "/courses/?q=%00",
        "/courses/?q=" + "x" * 5000,
    ],
)
def test_hostile_paths_and_queries_are_a_400(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    if "%00" in path or "x" * 5000 in path:
        assert response.status_code == 400
        assert "Nie udało się odczytać żądania" in response.content.decode()


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "\udfff tail"])
def test_text_a_database_cannot_store_is_recognised(text):
    assert safe_input.unstorable(text)
    assert not safe_input.unstorable("Łucja Źdźbło-Kowalska 😀")


def test_json_nested_ten_thousand_levels_is_refused_without_recursion():
    with pytest.raises(safe_input.BadInput):
        safe_input.loads(NESTED)
    with pytest.raises(safe_input.BadInput):
        safe_input.loads('{"a": "\\u0000"}')
    with pytest.raises(safe_input.BadInput):
        safe_input.loads('{"\\ud800": 1}')
    assert safe_input.loads('{"text": "[[[ not nesting ]]]", "emoji": "\\ud83d\\ude00"}') == {
        "text": "[[[ not nesting ]]]",
        "emoji": "😀",
    }
    assert safe_input.json_depth(json.dumps([[[1]]])) == 3


@pytest.mark.parametrize("bad", ["²", "1" * 5000, "-1", "1e3"])
def test_ids_that_only_look_like_numbers_are_refused_without_a_5xx(client_for, trainer, bad):
    """str.isdigit() accepts "²", which int() refuses, and int() refuses 5,000 digits."""
    from django.urls import reverse

    from tests.factories.courses import build_course

    course, items = build_course(items=2, trainers=[trainer])
    client = client_for(trainer)
    client.raise_request_exception = False
    module = items[0].module
    responses = [
        client.post(
            reverse("studio:item_reorder", kwargs={"slug": course.slug, "module_id": module.pk}),
            {"order": [bad, str(items[0].pk)]},
        ),
        client.post(
            reverse("studio:item_move", kwargs={"slug": course.slug, "item_id": items[0].pk}),
            {"module": bad},
        ),
        client.get(reverse("assessments:bank"), {"quiz": bad}),
    ]
    assert all(response.status_code < 500 for response in responses), [
        r.status_code for r in responses
    ]
