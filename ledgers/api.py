"""The read-only HTTP API for other systems (django-ninja): unions, studios, titles, the named list, statistics.

Every call carries a union's token (`Authorization: Bearer <key>`, ledgers/api_tokens.py) and sees
that union's subtree only, by the subtree rule of unions/access.py (`access.subtree_of`): an object
of another branch is a 404, exactly as if it did not exist. Each token may call RATE_LIMIT times a
minute (429 past it), and every call — refused ones too — is logged as an ApiCall row. The OpenAPI
document is at /api/openapi.json and its Swagger page at /api/docs, served from our own static files.
"""

import csv
import io
from datetime import date
from functools import wraps

from django.http import Http404, HttpResponse
from django.urls import URLPattern
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from studios.models import Naming, Studio
from unions import access
from unions.models import Union

from . import api_tokens, statistics

MAX_LIMIT = 500


class RateLimited(Exception):
    pass


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = api_tokens.token_for(token)
        request.api_token = found
        if found is not None and api_tokens.over_limit(found):
            raise RateLimited
        return found


class LoggedAPI(NinjaAPI):
    """Every URL of the API (but its documentation) wrapped so that each answer is logged with its token."""

    def _get_urls(self):
        urls = super()._get_urls()
        return [
            _logged(u) if isinstance(u, URLPattern) and "openapi" not in (u.name or "") else u for u in urls
        ]


def _logged(pattern):
    view = pattern.callback

    @wraps(view)
    def logged(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        api_tokens.log_call(
            token=getattr(request, "api_token", None),
            method=request.method,
            path=request.get_full_path(),
            status=response.status_code,
        )
        return response

    if getattr(view, "csrf_exempt", False):
        logged.csrf_exempt = True
    return URLPattern(pattern.pattern, logged, pattern.default_args, pattern.name)


api = LoggedAPI(
    title="劳模（职工）创新工作室管理平台 API",
    version="1",
    description=(
        "Read-only. Send a union's token as `Authorization: Bearer <key>`; every answer covers that "
        "union and the unions below it."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return api.create_response(request, {"detail": "Too many requests: wait a minute."}, status=429)


# --- schemas ---------------------------------------------------------------------------------


class UnionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_label: str
    unit: str
    region: str
    parent_code: str | None


class TitleOut(Schema):
    id: int
    studio_id: int
    studio_name: str
    level: str
    level_label: str
    tier: str
    title_label: str
    year: int
    certificate_number: str
    named_by: str
    named_on: date
    revoked: bool
    revoked_on: date | None


class StudioOut(Schema):
    id: int
    name: str
    person_name: str
    kind: str
    kind_label: str
    stage: str
    stage_label: str
    host_union_code: str
    host_union_name: str
    unit: str
    founded_on: date
    titles: list[TitleOut]


class Page(Schema):
    count: int
    limit: int
    offset: int


class UnionPage(Page):
    items: list[UnionOut]


class StudioPage(Page):
    items: list[StudioOut]


class TitlePage(Page):
    items: list[TitleOut]


class StatisticsRow(Schema):
    key: str
    label: str
    values: list[float | int]


class StatisticsSection(Schema):
    key: str
    title: str
    headers: list[str]
    rows: list[StatisticsRow]


class StatisticsOut(Schema):
    union_code: str
    year: int
    filed: bool
    version: int | None
    filed_at: str | None
    studios: int
    sections: list[StatisticsSection]


# --- helpers ---------------------------------------------------------------------------------


def _root(request):
    return request.auth.union


def _union_in_scope(request, code):
    union = Union.objects.filter(access.subtree_of(_root(request)), code=code).first()
    if union is None:
        raise Http404
    return union


def _window(limit, offset):
    return max(1, min(limit, MAX_LIMIT)), max(0, offset)


def _union_out(union, parents):
    parent = union.path[: -Union.steplen]
    return UnionOut(
        id=union.pk,
        code=union.code,
        name=union.name,
        level=union.level,
        level_label=str(union.get_level_display()),
        unit=union.unit,
        region=union.region,
        parent_code=parents.get(parent),
    )


def _unions_out(unions):
    paths = {u.path[: -Union.steplen] for u in unions if u.depth > 1}
    parents = dict(Union.objects.filter(path__in=paths).values_list("path", "code"))
    return [_union_out(u, parents) for u in unions]


def _title_out(naming):
    return TitleOut(
        id=naming.pk,
        studio_id=naming.studio_id,
        studio_name=naming.studio.name,
        level=naming.level,
        level_label=str(naming.get_level_display()),
        tier=naming.tier,
        title_label=str(naming.title_level),
        year=naming.year,
        certificate_number=naming.certificate_number,
        named_by=naming.named_by.name,
        named_on=naming.named_on,
        revoked=naming.revoked,
        revoked_on=naming.revoked_on,
    )


def _studios(request):
    return Studio.objects.filter(access.subtree_of(_root(request), via="host_union")).select_related(
        "host_union"
    )


def _studio_out(studio, titles):
    return StudioOut(
        id=studio.pk,
        name=studio.name,
        person_name=studio.person_name,
        kind=studio.kind,
        kind_label=str(studio.get_kind_display()),
        stage=studio.stage,
        stage_label=str(studio.get_stage_display()),
        host_union_code=studio.host_union.code,
        host_union_name=studio.host_union.name,
        unit=studio.unit,
        founded_on=studio.founded_on,
        titles=titles.get(studio.pk, []),
    )


def _titles_of(studios):
    titles = {}
    for naming in (
        Naming.objects.filter(studio__in=[s.pk for s in studios])
        .select_related("studio", "named_by")
        .order_by("studio_id", "-year", "pk")
    ):
        titles.setdefault(naming.studio_id, []).append(_title_out(naming))
    return titles


def _namings(request):
    return Naming.objects.filter(access.subtree_of(_root(request), via="studio__host_union")).select_related(
        "studio", "named_by"
    )


# --- endpoints -------------------------------------------------------------------------------


@api.get("/unions", response=UnionPage, summary="The token's union and every union below it")
def list_unions(request, limit: int = 100, offset: int = 0):
    limit, offset = _window(limit, offset)
    unions = Union.objects.filter(access.subtree_of(_root(request))).order_by("path")
    items = list(unions[offset : offset + limit])
    return {"count": unions.count(), "limit": limit, "offset": offset, "items": _unions_out(items)}


@api.get("/unions/{code}", response=UnionOut, summary="One union of the token's subtree, by its code")
def get_union(request, code: str):
    return _unions_out([_union_in_scope(request, code)])[0]


@api.get("/studios", response=StudioPage, summary="Studios (public fields), with their titles")
def list_studios(request, union: str = "", stage: str = "", limit: int = 100, offset: int = 0):
    limit, offset = _window(limit, offset)
    studios = _studios(request)
    if union:
        studios = studios.filter(host_union__path__startswith=_union_in_scope(request, union).path)
    if stage:
        studios = studios.filter(stage=stage)
    studios = studios.order_by("pk")
    items = list(studios[offset : offset + limit])
    titles = _titles_of(items)
    return {
        "count": studios.count(),
        "limit": limit,
        "offset": offset,
        "items": [_studio_out(s, titles) for s in items],
    }


@api.get("/studios/{studio_id}", response=StudioOut, summary="One studio (public fields)")
def get_studio(request, studio_id: int):
    studio = _studios(request).filter(pk=studio_id).first()
    if studio is None:
        raise Http404
    return _studio_out(studio, _titles_of([studio]))


@api.get("/namings", response=TitlePage, summary="Every title granted to a studio of the subtree")
def list_namings(
    request, year: int | None = None, level: str = "", tier: str = "", limit: int = 100, offset: int = 0
):
    limit, offset = _window(limit, offset)
    namings = _namings(request)
    if year:
        namings = namings.filter(year=year)
    if level:
        namings = namings.filter(level=level)
    if tier:
        namings = namings.filter(tier=tier)
    namings = namings.order_by("-year", "pk")
    items = list(namings[offset : offset + limit])
    return {
        "count": namings.count(),
        "limit": limit,
        "offset": offset,
        "items": [_title_out(n) for n in items],
    }


def named_list_rows(root):
    """The named list (名录): one row per named studio and title it holds (not revoked), in a stable order."""
    return (
        Naming.objects.filter(
            access.subtree_of(root, via="studio__host_union"), revoked=False, studio__stage=Studio.Stage.NAMED
        )
        .select_related("studio__host_union", "named_by")
        .order_by(
            "studio__host_union__path", "studio__name_pinyin", "studio__name", "studio_id", "-year", "pk"
        )
    )


@api.get("/named-list", response=TitlePage, summary="The named list: one item per named studio and title")
def named_list(request, limit: int = 100, offset: int = 0):
    limit, offset = _window(limit, offset)
    rows = named_list_rows(_root(request))
    items = list(rows[offset : offset + limit])
    return {"count": rows.count(), "limit": limit, "offset": offset, "items": [_title_out(n) for n in items]}


CSV_COLUMNS = (
    "studio_id",
    "studio_name",
    "person_name",
    "studio_type",
    "host_union_code",
    "host_union_name",
    "unit",
    "region",
    "title_level",
    "title_year",
    "certificate_number",
    "named_by",
    "named_on",
    "title_tier",
)


def named_list_csv(root):
    """The named list as UTF-8 CSV (with a BOM, so Excel reads the Chinese): columns CSV_COLUMNS."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for n in named_list_rows(root).iterator(chunk_size=2000):
        s = n.studio
        writer.writerow(
            [
                s.pk,
                _plain(s.name),
                _plain(s.person_name),
                s.kind,
                s.host_union.code,
                _plain(s.host_union.name),
                _plain(s.unit),
                _plain(s.host_union.region),
                n.level,
                n.year,
                n.certificate_number,
                n.named_by.code,
                n.named_on.isoformat(),
                n.tier,
            ]
        )
    return out.getvalue()


def _plain(text):
    """A cell a spreadsheet will not run as a formula (a leading = + - @ gets a quote)."""
    text = str(text or "")
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


@api.get("/named-list.csv", summary="The named list as CSV (one row per studio and title; see the README)")
def named_list_as_csv(request):
    root = _root(request)
    response = HttpResponse(named_list_csv(root), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{root.code}-named-list.csv"'
    return response


@api.get(
    "/unions/{code}/statistics/{year}",
    response=StatisticsOut,
    summary="A union's yearly statistics: the filed report in force, else the figures as they stand",
)
def union_statistics(request, code: str, year: int):
    union = _union_in_scope(request, code)
    if not 2000 <= year <= 2100:
        raise Http404
    report = statistics.latest_reports([union], year).get(union.pk)
    figures = report.figures if report else statistics.compute(union, year)
    sections = [
        {
            "key": table.key,
            "title": table.title,
            "headers": table.headers[1:],
            "rows": [
                {
                    "key": key,
                    "label": label,
                    "values": [float(c.value) if hasattr(c.value, "quantize") else c.value for c in cells],
                }
                for (key, *_rest), (label, *cells) in zip(
                    figures["sections"][table.key], table.rows, strict=True
                )
            ],
        }
        for table in statistics.present(figures, drill=False)
    ]
    return {
        "union_code": union.code,
        "year": year,
        "filed": report is not None,
        "version": report.version if report else None,
        "filed_at": timezone.localtime(report.filed_at).isoformat() if report else None,
        "studios": figures["totals"]["studios"],
        "sections": sections,
    }
