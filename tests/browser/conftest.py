"""Browser tests: Playwright for Python driving Debian's Chromium against live_server.

Every page a test visits should be checked with ``assert_accessible(page)`` (axe-core,
serious and critical violations fail the test).
"""

import os
import re
import shutil

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "Chromium is not installed: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (browser tests may not be skipped in CI)")
        print(f"\n!!!!! BROWSER TESTS SKIPPED: {message} !!!!!\n")
        pytest.skip(f"BROWSER TESTS SKIPPED: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def context(browser, live_server):
    ctx = browser.new_context(
        base_url=live_server.url, locale="pl-PL", viewport={"width": 1280, "height": 900}
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


# The last HTML document each page loaded, for assert_valid_html (htmx fragments are
# checked as part of the page they are swapped into, on the server's templates).
_documents: dict[int, object] = {}


@pytest.fixture
def page(context):
    page = context.new_page()

    def remember(response):
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            _documents[id(page)] = response

    page.on("response", remember)
    yield page
    _documents.pop(id(page), None)


_BARE_HTMX = re.compile(r"<[^>]*\s(hx-[a-z-]+)=")


def assert_valid_html(page):
    """The page's HTML as served parses without a single error in html5lib's strict mode
    (the browser suite's stand-in for the Nu HTML checker, which needs Java and a 30 MB
    jar), and uses only valid attributes for htmx (data-hx-*)."""
    import html5lib

    response = _documents.get(id(page))
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return
    source = response.text()
    try:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(source)
    except html5lib.html5parser.ParseError as error:
        raise AssertionError(f"{response.url}: invalid HTML: {error}") from None
    bare = _BARE_HTMX.search(source)
    assert bare is None, (
        f"{response.url}: {bare.group(1)} is not a valid attribute; use data-{bare.group(1)}"
    )


@pytest.fixture
def sign_in(context, live_server):
    """sign_in(user): put a session cookie for ``user`` into the browser context."""

    def _sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return _sign_in


_OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !clipped(element)) {
      culprits.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
                    + (element.className ? "." + String(element.className).trim().split(/\\s+/).join(".") : "")
                    + " (" + Math.round(box.right) + " px)");
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, culprits: culprits.slice(-6)};
}"""


_SETTLE_FONTS = """() => Promise.all(Array.from(document.fonts, face => face.load().catch(() => null)))
    .then(() => document.fonts.ready)
    .then(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))))"""


def settle_fonts(page):
    """Load every web font the page declares and let it lay out again. Until the icon font
    has loaded, an icon button shows its ligature's name (e.g. "format_bold") and a toolbar
    looks far wider than it is; ``document.fonts.ready`` alone resolves at once when an
    editor builds its toolbar after the page's fonts were done."""
    page.evaluate(_SETTLE_FONTS)


def assert_no_horizontal_overflow(page):
    """The page does not scroll sideways at its current width (wide tables scroll in
    their own .table-wrap box)."""
    found = page.evaluate(_OVERFLOW_SCRIPT)
    if found["scroll"] > found["width"]:
        settle_fonts(page)  # measured before a font arrived? Measure once more after it.
        found = page.evaluate(_OVERFLOW_SCRIPT)
    if found["scroll"] > found["width"]:
        raise AssertionError(
            f"{page.url} is {found['scroll']} px wide at a {found['width']} px viewport: {', '.join(found['culprits'])}"
        )


def assert_fits_small_screen(page, width=360, height=740):
    """Lay the current page out again at a phone's 360×740 and check for sideways scrolling."""
    size = page.viewport_size
    resize(page, {"width": width, "height": height})
    try:
        assert_no_horizontal_overflow(page)
    finally:
        if size:
            resize(page, size)


def resize(page, size):
    """Change the viewport and let the page's resize handlers run (two frames)."""
    page.set_viewport_size(size)
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def assert_accessible(page, *, impacts=("serious", "critical")):
    """Run axe-core on the current page; fail on serious or critical violations. Every page
    checked here is also checked for horizontal overflow at its own width and at 360×740."""
    from axe_playwright_python.sync_playwright import Axe

    assert_valid_html(page)
    settle_fonts(page)
    assert_no_horizontal_overflow(page)
    assert_fits_small_screen(page)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in impacts]
    if bad:
        lines = [f"{page.url}:"]
        for violation in bad:
            targets = ", ".join(str(node.get("target")) for node in violation["nodes"][:5])
            lines.append(
                f"  [{violation['impact']}] {violation['id']}: {violation['help']} — {targets}"
            )
        raise AssertionError("\n".join(lines))
    return results
