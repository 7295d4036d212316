"""The package's typesetting children give the very bytes an in-process compile gives, are replaced
after their share of documents, and report a template error as a RenderError (never a hang)."""

import datetime

import pytest
from django.utils import timezone

from studios.documents import renderer
from studios.documents.renderer import RenderError, Typesetters, render, render_apart

AT = timezone.make_aware(datetime.datetime(2026, 3, 1, 1, 30))  # 01:30 Shanghai: the day is 1 March
DATA = {"title": "关于推荐劳模创新工作室的函", "lines": ["第一段正文。", "第二段正文。"]}


@pytest.fixture
def templates(tmp_path, monkeypatch):
    (tmp_path / "typesetter-test.typ").write_text(
        '#let data = json(bytes(sys.inputs.data))\n#set text(font: "Noto Serif SC")\n'
        "= #data.title\n#for line in data.lines [#line \\ ]\n"
    )
    (tmp_path / "typesetter-broken.typ").write_text("#let x = (\n")
    monkeypatch.setattr(renderer, "TEMPLATES", tmp_path)
    return tmp_path


def test_children_typeset_the_same_bytes_and_are_replaced_after_their_share(templates):
    alone = render("typesetter-test.typ", DATA, timestamp=AT)
    assert alone.startswith(b"%PDF")
    with Typesetters(2, per_child=1) as typesetters:
        jobs = [typesetters.submit("typesetter-test.typ", DATA, timestamp=AT) for _ in range(3)]
        first_child = jobs[0].child
        pdfs = [job.result() for job in jobs]
        assert jobs[1].child is not first_child  # two children took turns
        assert jobs[2].child is not first_child  # the first had typeset its one document: replaced
        children = [c.process for c in typesetters.children] + [first_child.process]
    assert pdfs == [alone, alone, alone]
    assert all(process.poll() is not None for process in children)  # every child ended
    assert render_apart("typesetter-test.typ", DATA, timestamp=AT) == alone


def test_a_template_error_is_a_render_error_and_the_child_goes_on(templates):
    with Typesetters(1) as typesetters:
        with pytest.raises(RenderError, match="typesetter-broken.typ"):
            typesetters.submit("typesetter-broken.typ", DATA, timestamp=AT).result()
        again = typesetters.submit("typesetter-test.typ", DATA, timestamp=AT).result()
    assert again == render("typesetter-test.typ", DATA, timestamp=AT)


def test_a_child_that_dies_is_a_render_error(templates):
    with Typesetters(1) as typesetters:
        job = typesetters.submit("typesetter-test.typ", DATA, timestamp=AT)
        job.child.process.kill()
        job.child.process.wait()
        with pytest.raises(RenderError, match="stopped"):
            job.result()
