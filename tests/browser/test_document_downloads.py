"""A union's clerk downloads the printed 申报表 of an application, and a reviewer the certificate of a
named studio with its plaque, from their pages: each is a PDF whose text names the studio."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.documents.test_letter_summary_certificate import named_studio
from tests.studios.packages.conftest import pack  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(page, link):
    """Click `link`; the response's content type and the downloaded file's text."""
    with page.expect_response(lambda r: r.url.endswith(".pdf")) as response, page.expect_download() as done:
        link.click()
    content_type = response.value.headers.get("content-type", "")
    data = open(done.value.path(), "rb").read()
    text = (
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        .replace(" ", "")
        .replace("\n", "")
    )
    return content_type, done.value.suggested_filename, text


def test_a_clerk_downloads_the_application_form_and_a_reviewer_the_certificate(
    live_server,
    page,
    login_as,
    pack,  # noqa: F811
):
    app = pack.apps[0]
    login_as(pack.a1_staff)
    page.goto(f"{live_server.url}/studios/applications/{app.pk}/")
    link = page.locator("#download-form-pdf")
    expect(link).to_be_visible()
    content_type, filename, text = download(page, link)
    assert content_type == "application/pdf"
    assert filename == "甲一劳模创新工作室_申报表.pdf"
    assert "甲一劳模创新工作室" in text and "申报表" in text

    studio, naming = named_studio(pack)
    page.context.clear_cookies()
    login_as(pack.a_reviewer)
    page.goto(f"{live_server.url}/studios/{studio.pk}/")
    link = page.locator(f"#certificate-{naming.pk}")
    expect(link).to_be_visible()
    content_type, filename, text = download(page, link)
    assert content_type == "application/pdf"
    assert filename.endswith(".pdf") and naming.certificate_number in filename
    assert "甲一命名工作室" in text and naming.certificate_number in text
    # The plaque's artwork prints from the same page (its text at print size, the certificate number).
    content_type, filename, text = download(page, page.locator(f"#plaque-{naming.pk}"))
    assert content_type == "application/pdf" and filename.endswith(".pdf")
    assert "甲一命名工作室" in text and naming.certificate_number in text
