"""The browser journeys' own fixtures: confirmations answered yes, and over every page a journey visits,
checked when the journey is done: axe-core (zero serious or critical violations) at the journey's own
size, and the phone's rules (tests/browser/phone.py: nothing wider than 360 px, no table wider than the
screen, tap targets of 24 px) at 360 × 740 — whatever size the journey itself ran at."""

import os
from urllib.parse import urlsplit

import pytest

from .phone import PHONE, phone_problems

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# What fails a page: WCAG problems axe-core rates serious or critical (contrast, names, labels…).
FAILING_IMPACTS = ("serious", "critical")
# Files a journey downloads or opens, not pages.
NOT_PAGES = (".pdf", ".xlsx", ".docx", ".zip", ".png", ".jpg", ".svg", ".ico")


def axe_violations(page):
    """The serious and critical violations of axe-core on the page as it stands: ["rule: target …"]."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in FAILING_IMPACTS:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.fixture(autouse=True)
def _journey_checks(request):
    """Around every test that drives a page: confirmations (data-confirm) are accepted as a person would,
    every page the main frame reached is remembered, and afterwards each is opened again as the journey
    left the session and checked with axe-core."""
    if "page" not in request.fixturenames or "browser" not in request.keywords:
        yield
        return
    page = request.getfixturevalue("page")
    visited = []

    def remember(frame):
        if frame == page.main_frame:
            url = frame.url
            path = urlsplit(url).path
            if url.startswith("http") and not path.endswith(NOT_PAGES) and url not in visited:
                visited.append(url)

    page.on("dialog", lambda dialog: dialog.accept())
    page.on("framenavigated", remember)
    yield
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        return  # the journey's own failure says enough
    problems = []
    page.emulate_media(media="screen")  # a print journey leaves the page in print media
    for url in visited:
        size = page.viewport_size
        try:
            response = page.goto(url)
        except Exception:  # a download or a page gone with the journey's data
            continue
        if response is None or not (response.headers.get("content-type") or "").startswith("text/html"):
            continue
        found = axe_violations(page)
        if found:
            problems.append(f"{urlsplit(url).path}: axe-core, serious or critical: " + "; ".join(found))
        if page.viewport_size != PHONE:  # opened again as a phone opens it (not a desktop page narrowed)
            size = page.viewport_size
            page.set_viewport_size(PHONE)
            page.reload()
        found = phone_problems(page)
        if found:
            problems.append(f"{urlsplit(url).path} at 360 px: " + "; ".join(found))
        if page.viewport_size != size:
            page.set_viewport_size(size)
    assert not problems, "pages a journey visited:\n" + "\n".join(problems)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell a failed journey from a passed one."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
