"""The permission matrix: for every URL name of the project, how to point it at the world's objects and who
may use it. A URL name missing here fails tests/security/test_url_matrix.py, so a new page is covered
(or noticed) the day it is added.

Roles (attributes of the world): anonymous; a1_staff (grassroots staff in A); a_reviewer, a_head,
a_admin (company A); prov_reviewer, prov_head (the province, above A and B); lead (leads 甲一机密工作室);
expert (assigned to 甲一绝密工作室); b_reviewer and b1_staff (branch B: outside every object of the world).
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = (
    "anonymous",
    "a1_staff",
    "a_reviewer",
    "a_head",
    "a_admin",
    "prov_reviewer",
    "prov_head",
    "lead",
    "expert",
    "b_reviewer",
    "b1_staff",
)
OUTSIDERS = frozenset({"b_reviewer", "b1_staff"})
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
PROVINCE = frozenset({"prov_reviewer", "prov_head"})
COMPANY_A = frozenset({"a_reviewer", "a_head", "a_admin"})
# Everyone whose union role reaches grassroots union A1 (and its objects).
A_VIEW = frozenset({"a1_staff"}) | COMPANY_A | PROVINCE
# Roles on unions: everyone but the lead and the expert, who hold only object grants.
UNION_ROLES = LOGGED_IN - {"lead", "expert"}
REVIEWERS_A = frozenset({"a_reviewer", "a_head"})
# Heads and administrators decide (campaigns, grants); reviewers and heads review.
DECIDERS = frozenset({"a_head", "a_admin", "prov_head"})
REVIEWERS = REVIEWERS_A | PROVINCE | {"b_reviewer"}
# The province's campaign is the whole tree's: branch B takes part in it too.
IN_CAMPAIGN = UNION_ROLES | {"expert"}

PUBLIC = "public"  # answers anonymous visitors too


@dataclass
class Page:
    """`variants(world)` → [(kwargs, query string[, allow])]; `allow`: roles that may use the page.

    `refuse`: roles that see the object but may not act: they get a redirect with a message (or
    403/404) and their POST changes nothing. Every other role gets 403/404 and changes nothing.
    `ok`: the statuses an allowed GET gets; `post_only` pages answer every GET with 405.
    `data(world)`: what a POST sends (a valid submission for the page's form, so that a check made
    too late would show as a change). `shows`: markers the page may show to anyone (a public list).
    """

    variants: object
    allow: frozenset = frozenset()
    refuse: frozenset = frozenset()
    ok: tuple = (200,)
    post_only: bool = False
    data: object = None
    shows: tuple = ()
    public: bool = False


def one(**kwargs):
    return lambda w: [(kwargs_of(w, kwargs), "")]


def kwargs_of(w, spec):
    """spec values are attribute paths into the world ("studio.pk") or literals."""
    out = {}
    for key, value in spec.items():
        if isinstance(value, str) and "." in value:
            obj = w
            for part in value.split("."):
                obj = getattr(obj, part)
            out[key] = obj
        else:
            out[key] = value
    return out


def plain(w):
    return [({}, "")]


def alliance_data(w):
    return {
        "name": "越权联盟",
        "union": w.company_a.pk,
        "lead_studio": w.studio.pk,
        "members": [w.second.pk, w.named.pk],
        "founded_on": "2024-05-01",
    }


def actions(model_attr, **spec):
    """One variant per registered move of the object's workflow (e.g. every application action)."""

    def variants(w):
        from studios import workflow

        obj = getattr(w, model_attr)
        return [({**kwargs_of(w, spec), "action": action}, "") for action in workflow.machine_for(obj).moves]

    return variants


LEDGERS = ("members", "activities", "trainings", "achievements", "funds")
IMPORTABLE = ("members", "activities", "trainings", "achievements", "funds")


def per_ledger(ledgers=LEDGERS, **spec):
    def variants(w):
        return [({**kwargs_of(w, spec), "ledger": ledger}, "") for ledger in ledgers]

    return variants


def ledger_rows(w):
    rows = w.rows
    pks = {
        "members": rows.member.pk,
        "activities": rows.activity.pk,
        "trainings": rows.training.pk,
        "achievements": rows.achievement.pk,
        "funds": rows.spending.pk,
    }
    return [({"studio_pk": w.studio.pk, "ledger": ledger, "pk": pk}, "") for ledger, pk in pks.items()]


def studio_form_data(w):
    return {
        "name": "越权改名工作室",
        "person_name": "越权",
        "kind": "technical",
        "founded_on": "2020-03-01",
        "host_union": w.a1.pk,
    }


def ledger_data(w):
    return {
        "name": "越权成员",
        "role": "member",
        "joined_on": "2025-01-02",
        "topic": "越权活动",
        "kind": "other",
    }


# The matrix. Keys are URL names as `reverse()` takes them.
MATRIX = {
    # --- unions, accounts ------------------------------------------------------------------
    "home": Page(plain, allow=LOGGED_IN),
    "healthz": Page(plain, allow=frozenset(ROLES), public=True),
    "favicon": Page(plain, allow=frozenset(ROLES), ok=(302,), public=True),
    "login": Page(plain, allow=frozenset(ROLES), ok=(200, 302), public=True),
    "logout": Page(plain, allow=frozenset(ROLES), ok=(405,), public=True),
    "password_change": Page(plain, allow=LOGGED_IN),
    "password_change_done": Page(plain, allow=LOGGED_IN),
    "password_reset_confirm": Page(
        one(uidb64="MQ", token="invalid-token"), allow=frozenset(ROLES), public=True
    ),
    "password_reset_complete": Page(plain, allow=frozenset(ROLES), public=True),
    "unions:tree": Page(plain, allow=LOGGED_IN),
    "unions:detail": Page(one(pk="a1.pk"), allow=A_VIEW),
    "unions:children": Page(one(pk="company_a.pk"), allow=COMPANY_A | PROVINCE),
    "unions:edit": Page(
        one(pk="a1.pk"), allow=frozenset({"a_admin"}), data=lambda w: {"name": "越权改名", "code": "a1"}
    ),
    "studios:seal_preview": Page(one(union_pk="a1.pk"), allow=frozenset({"a_admin"})),
    "unions:add_child": Page(
        one(pk="a1.pk"),
        allow=frozenset({"a_admin"}),
        data=lambda w: {"name": "越权下级", "code": "x-new", "level": "grassroots"},
    ),
    "unions:invite": Page(
        one(pk="a1.pk"),
        allow=frozenset({"a_admin"}),
        data=lambda w: {
            "username": "t_intruder",
            "full_name": "越权",
            "email": "x@example.cn",
            "role": "admin",
        },
    ),
    "unions:end_membership": Page(
        one(pk="a1.pk", membership_pk="staff_membership.pk"), allow=frozenset({"a_admin"}), post_only=True
    ),
    "unions:deactivate_account": Page(
        one(pk="a1.pk", user_pk="a1_staff.pk"), allow=frozenset({"a_admin"}), post_only=True
    ),
    # Onboarding from a workbook: a union's administrator, within their subtree.
    "unions:onboarding": Page(one(pk="company_a.pk"), allow=frozenset({"a_admin"})),
    "unions:onboarding_template": Page(one(pk="company_a.pk"), allow=frozenset({"a_admin"})),
    "unions:onboarding_apply": Page(
        one(pk="company_a.pk"), allow=frozenset({"a_admin"}), post_only=True, data=lambda w: {"token": "x"}
    ),
    "setup_code": Page(plain, allow=frozenset(ROLES), public=True),
    "unions:notices": Page(plain, allow=LOGGED_IN),
    # --- studios ---------------------------------------------------------------------------
    "studios:list": Page(plain, allow=LOGGED_IN),
    "studios:create": Page(plain, allow=frozenset({"a1_staff", "b1_staff"}), data=studio_form_data),
    "studios:detail": Page(one(pk="studio.pk"), allow=A_VIEW | {"lead"}),
    "studios:edit": Page(one(pk="studio.pk"), allow=frozenset({"a1_staff"}), data=studio_form_data),
    "studios:history": Page(one(pk="studio.pk"), allow=A_VIEW | {"lead"}),
    # Existing studios and their historic titles: a union's administrator, within their subtree.
    "studios:history_import": Page(one(union_pk="company_a.pk"), allow=frozenset({"a_admin"})),
    "studios:history_import_template": Page(one(union_pk="company_a.pk"), allow=frozenset({"a_admin"})),
    "studios:history_import_apply": Page(
        one(union_pk="company_a.pk"),
        allow=frozenset({"a_admin"}),
        post_only=True,
        data=lambda w: {"token": "x"},
    ),
    "studios:evidence": Page(
        lambda w: [({"pk": w.studio.pk, "criterion_pk": w.photo.evidence.criterion_id}, "")],
        allow=A_VIEW | {"lead"},
        data=lambda w: {"description": "越权说明"},
    ),
    "studios:evidence_file": Page(one(pk="studio.pk", file_pk="photo.pk"), allow=A_VIEW | {"lead"}),
    "studios:evidence_file_delete": Page(
        one(pk="studio.pk", file_pk="photo.pk"), allow=frozenset({"a1_staff"}), post_only=True
    ),
    "studios:move": Page(actions("studio", pk="studio.pk"), allow=A_VIEW | {"lead"}, post_only=True),
    # A lead change or a dissolution: filed by the host union's clerk or a head above it, approved at the
    # naming level (the world's studio has no title: company A, the host union's parent, or above).
    "studios:change_file": Page(
        lambda w: [({"pk": w.studio.pk, "kind": kind}, "") for kind in ("lead", "dissolution")],
        allow=frozenset({"a1_staff", "a_head", "a_admin", "prov_head"}),
        refuse=frozenset({"a_reviewer", "prov_reviewer", "lead"}),
        data=lambda w: {
            "person_name": "越权带头人",
            "effective_on": w.change.effective_on.isoformat(),
            "reason": "越权变更",
            "cause": "unit_closed",
        },
    ),
    "studios:change_list": Page(plain, allow=LOGGED_IN),
    "studios:change_detail": Page(one(pk="change.pk"), allow=A_VIEW | {"lead"}),
    "studios:change_move": Page(actions("change", pk="change.pk"), allow=A_VIEW | {"lead"}, post_only=True),
    "studios:lead": Page(
        one(pk="studio.pk"),
        allow=frozenset({"a1_staff"}),
        data=lambda w: {"mode": "existing", "existing-username": "t_logger"},
    ),
    "studios:lead_remove": Page(
        one(pk="studio.pk", user_pk="lead.pk"), allow=frozenset({"a1_staff"}), post_only=True
    ),
    "studios:logger_add": Page(
        one(pk="studio.pk"),
        allow=frozenset({"a1_staff", "lead"}),
        post_only=True,
        data=lambda w: {"username": "t_logger"},
    ),
    "studios:logger_revoke": Page(
        one(pk="studio.pk", user_pk="logger.pk"), allow=frozenset({"a1_staff", "lead"}), post_only=True
    ),
    # --- campaigns and the path up the tree --------------------------------------------------
    "studios:campaign_list": Page(plain, allow=LOGGED_IN),
    "studios:campaign_create": Page(plain, allow=DECIDERS),
    "studios:campaign_detail": Page(one(pk="campaign.pk"), allow=IN_CAMPAIGN),
    "studios:campaign_edit": Page(
        one(pk="campaign.pk"), allow=frozenset({"prov_head"}), data=lambda w: {"title": "越权改名评选"}
    ),
    "studios:campaign_quotas": Page(one(pk="campaign.pk"), allow=frozenset({"prov_head"})),
    "studios:campaign_dimensions": Page(one(pk="campaign.pk"), allow=frozenset({"prov_head"})),
    "studios:campaign_move": Page(
        actions("campaign", pk="campaign.pk"), allow=frozenset({"prov_head"}), post_only=True
    ),
    "studios:file_choose": Page(one(campaign_pk="campaign.pk"), allow=IN_CAMPAIGN),
    "studios:file_form": Page(
        one(campaign_pk="campaign.pk", studio_pk="studio.pk"), allow=frozenset({"a1_staff"}), ok=(302,)
    ),
    "studios:inbox": Page(one(campaign_pk="campaign.pk"), allow=IN_CAMPAIGN),
    "studios:ranking": Page(one(campaign_pk="campaign.pk"), allow=REVIEWERS),
    "studios:receipt": Page(one(campaign_pk="campaign.pk"), allow=PROVINCE),
    "studios:campaign_experts": Page(one(campaign_pk="campaign.pk"), allow=PROVINCE),
    "studios:publicity_notice_pdf": Page(one(campaign_pk="campaign.pk", pk="publicity.pk"), allow=PROVINCE),
    "studios:naming_decision_pdf": Page(one(pk="campaign.pk"), allow=PROVINCE),
    "studios:score_sheets_pdf": Page(one(pk="campaign.pk"), allow=PROVINCE),
    "studios:score_summary_pdf": Page(one(pk="campaign.pk"), allow=PROVINCE),
    "studios:score_sheet_pdf": Page(one(pk="assignment.pk"), allow=PROVINCE | {"expert"}),
    "studios:expert_assign": Page(
        one(campaign_pk="campaign.pk", pk="sent.pk"),
        allow=PROVINCE,
        post_only=True,
        data=lambda w: {"expert": w.profile.pk},
    ),
    "studios:expert_unassign": Page(
        one(campaign_pk="campaign.pk", assignment_pk="assignment.pk"), allow=PROVINCE, post_only=True
    ),
    "studios:campaign_scores": Page(one(campaign_pk="campaign.pk"), allow=PROVINCE),
    "studios:site_visits": Page(one(campaign_pk="campaign.pk", pk="sent.pk"), allow=PROVINCE),
    # The world records no inspection file: a 404 for everyone (tests/studios/workflow/test_site_visits.py
    # downloads one).
    "studios:site_visit_file": Page(one(campaign_pk="campaign.pk", pk="sent.pk"), allow=PROVINCE, ok=(404,)),
    "studios:campaign_meeting": Page(one(campaign_pk="campaign.pk"), allow=PROVINCE),
    "studios:meeting_minutes": Page(one(campaign_pk="campaign.pk", pk="meeting.pk"), allow=PROVINCE),
    # The organiser's reviewers read the 公示 page (objections land there); its head acts on it.
    "studios:campaign_publicity": Page(one(campaign_pk="campaign.pk"), allow=PROVINCE),
    # The world's objections carry no attachment: a 404 for everyone (tests/studios/test_public_pages.py
    # downloads one).
    "studios:objection_attachment": Page(
        one(campaign_pk="campaign.pk", pk="objection.pk"), allow=PROVINCE, ok=(404,)
    ),
    "studios:objection_add": Page(
        one(campaign_pk="campaign.pk"),
        allow=PROVINCE,
        post_only=True,
        data=lambda w: {"application": w.sent.pk, "received_on": "2025-01-02", "text": "越权异议"},
    ),
    "studios:objection_resolve": Page(
        one(campaign_pk="campaign.pk", pk="objection.pk"),
        allow=PROVINCE,
        post_only=True,
        data=lambda w: {"resolution": "upheld", "note": "越权处理"},
    ),
    "studios:name_all": Page(one(campaign_pk="campaign.pk"), allow=PROVINCE, post_only=True),
    "studios:my_applications": Page(plain, allow=LOGGED_IN),
    "studios:application_detail": Page(one(pk="in_review.pk"), allow=A_VIEW),
    # Submitted: no longer editable, the filer is sent back to the application with a message.
    "studios:application_edit": Page(one(pk="in_review.pk"), allow=frozenset({"a1_staff"}), ok=(302,)),
    "studios:application_move": Page(actions("in_review", pk="in_review.pk"), allow=A_VIEW, post_only=True),
    "studios:application_plan": Page(one(pk="in_review.pk"), allow=A_VIEW),
    "studios:application_form_pdf": Page(one(pk="in_review.pk"), allow=A_VIEW),
    "studios:application_form_docx": Page(one(pk="in_review.pk"), allow=A_VIEW),
    "studios:application_evidence_file": Page(
        one(pk="sent.pk", file_pk="second_photo.pk"), allow=A_VIEW | {"expert"}
    ),
    "studios:application_review": Page(
        one(pk="in_review.pk"),
        allow=REVIEWERS_A,
        refuse=A_VIEW - REVIEWERS_A,
        data=lambda w: {"decision": "reject", "score": 10, "reason": "越权驳回"},
    ),
    "studios:application_assess": Page(one(pk="sent.pk"), allow=frozenset({"expert"})),
    "studios:my_assignments": Page(plain, allow=LOGGED_IN),
    # --- nomination packages -----------------------------------------------------------------
    "studios:packages": Page(plain, allow=LOGGED_IN),
    "studios:package": Page(one(pk="package.pk"), allow=COMPANY_A | PROVINCE),
    "studios:package_progress": Page(one(pk="package.pk"), allow=COMPANY_A | PROVINCE, ok=(286,)),
    "studios:package_recompile": Page(one(pk="package.pk"), allow=COMPANY_A | PROVINCE, post_only=True),
    "studios:package_send": Page(one(pk="package.pk"), allow=COMPANY_A | PROVINCE, post_only=True),
    "studios:package_download": Page(one(pk="package.pk"), allow=COMPANY_A | PROVINCE),
    "studios:package_panel": Page(one(campaign_pk="campaign.pk"), allow=REVIEWERS),
    "studios:package_compile_campaign": Page(one(campaign_pk="campaign.pk"), allow=REVIEWERS, post_only=True),
    # --- assessments -------------------------------------------------------------------------
    "studios:assessments": Page(plain, allow=LOGGED_IN),
    "studios:assessment_open": Page(
        plain,
        allow=LOGGED_IN,
        post_only=True,
        data=lambda w: {"union": w.company_a.pk, "year": w.round.year + 1},
    ),
    "studios:assessment_round": Page(one(pk="round.pk"), allow=COMPANY_A | PROVINCE),
    "studios:assessment_round_close": Page(one(pk="round.pk"), allow=COMPANY_A | PROVINCE, post_only=True),
    "studios:assessment": Page(one(pk="assessment.pk"), allow=COMPANY_A | PROVINCE),
    "studios:assessment_self": Page(
        one(pk="assessment.pk"),
        allow=COMPANY_A | PROVINCE,
        post_only=True,
        data=lambda w: {"text": "越权自评"},
    ),
    "studios:assessment_score": Page(one(pk="assessment.pk"), allow=COMPANY_A | PROVINCE, post_only=True),
    "studios:assessment_decide": Page(
        one(pk="assessment.pk"),
        allow=COMPANY_A | PROVINCE,
        post_only=True,
        data=lambda w: {"action": "revoke", "comment": "越权撤销"},
    ),
    "studios:named_list": Page(plain, allow=LOGGED_IN, shows=("甲二保密工作室",)),
    # --- public pages (no log-in): what a published notice and a certificate print, nothing else ---
    "public:publicity_list": Page(plain, allow=frozenset(ROLES), public=True),
    "public:publicity": Page(
        one(pk="publicity.pk"), allow=frozenset(ROLES), public=True, shows=("甲一绝密工作室",)
    ),
    "public:objection": Page(
        one(pk="publicity.pk"), allow=frozenset(ROLES), public=True, shows=("甲一绝密工作室",)
    ),
    "public:named": Page(plain, allow=frozenset(ROLES), public=True, shows=("甲二保密工作室",)),
    "public:verify": Page(plain, allow=frozenset(ROLES), public=True),
    "public:verify_number": Page(
        lambda w: [({"number": w.named.namings.get().certificate_number}, "")],
        allow=frozenset(ROLES),
        public=True,
        shows=("甲二保密工作室",),
    ),
    "studios:certificate": Page(
        lambda w: [({"pk": w.named.pk, "naming_pk": w.named.namings.get().pk}, "")],
        allow=COMPANY_A | PROVINCE,
    ),
    "studios:plaque": Page(
        lambda w: [({"pk": w.named.pk, "naming_pk": w.named.namings.get().pk}, "")],
        allow=COMPANY_A | PROVINCE,
    ),
    # --- ledgers -----------------------------------------------------------------------------
    "ledgers:overview": Page(one(studio_pk="studio.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:list": Page(per_ledger(studio_pk="studio.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:add": Page(per_ledger(studio_pk="studio.pk"), allow=frozenset({"lead"}), data=ledger_data),
    "ledgers:edit": Page(ledger_rows, allow=frozenset({"lead"}), data=ledger_data),
    "ledgers:void": Page(ledger_rows, allow=frozenset({"lead"}), data=lambda w: {"reason": "越权作废"}),
    "ledgers:history": Page(ledger_rows, allow=A_VIEW | {"lead"}),
    "ledgers:export": Page(per_ledger(studio_pk="studio.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:import": Page(per_ledger(IMPORTABLE, studio_pk="studio.pk"), allow=frozenset({"lead"})),
    # Applying a previewed import: the token is the uploader's own (a stranger's token opens nothing).
    "ledgers:import_apply": Page(
        per_ledger(IMPORTABLE, studio_pk="studio.pk"),
        allow=frozenset({"lead"}),
        post_only=True,
        data=lambda w: {"token": "x"},
    ),
    # The blank workbook (column headings only) for anyone who sees the studio.
    "ledgers:template": Page(per_ledger(IMPORTABLE, studio_pk="studio.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:member_left": Page(
        one(studio_pk="studio.pk", pk="rows.other_member.pk"),
        allow=frozenset({"lead"}),
        data=lambda w: {"left_on": "2025-06-01"},
    ),
    "ledgers:photo": Page(one(studio_pk="studio.pk", pk="rows.photo.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:proof": Page(one(studio_pk="studio.pk", pk="rows.proof.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:delete_file": Page(
        lambda w: [
            ({"studio_pk": w.studio.pk, "kind": "photo", "pk": w.rows.photo.pk}, ""),
            ({"studio_pk": w.studio.pk, "kind": "proof", "pk": w.rows.proof.pk}, ""),
        ],
        allow=frozenset({"lead"}),
        post_only=True,
    ),
    # --- overview, grants --------------------------------------------------------------------
    "ledgers:dashboard": Page(
        lambda w: [({}, ""), ({}, f"union={w.company_a.pk}", COMPANY_A | PROVINCE)], allow=UNION_ROLES
    ),
    "ledgers:dashboard_xlsx": Page(
        lambda w: [({"key": "studios_by_union"}, f"union={w.company_a.pk}")], allow=COMPANY_A | PROVINCE
    ),
    # Results are scoped; someone with no union role finds nothing.
    "ledgers:studio_search": Page(plain, allow=LOGGED_IN),
    "ledgers:grants": Page(plain, allow=UNION_ROLES),
    # Large exports, written by the worker: asked within one's scope (else refused with a message,
    # nothing stored), listed and downloaded by the person who asked only.
    "ledgers:export_request": Page(
        lambda w: [
            ({"kind": "grants"}, f"union={w.company_a.pk}"),
            ({"kind": "studios"}, f"union={w.company_a.pk}"),
        ],
        allow=COMPANY_A | PROVINCE,
        refuse=LOGGED_IN - COMPANY_A - PROVINCE,
        post_only=True,
    ),
    "ledgers:exports": Page(plain, allow=LOGGED_IN),
    "ledgers:export_download": Page(one(pk="export.pk"), allow=frozenset({"a_reviewer"})),
    # The yearly statistics: seen by every union role within scope, filed by heads and administrators.
    "ledgers:statistics": Page(
        lambda w: [({}, ""), ({}, f"union={w.company_a.pk}", COMPANY_A | PROVINCE)], allow=UNION_ROLES
    ),
    "ledgers:statistics_file": Page(
        lambda w: [({}, f"union={w.company_a.pk}")],
        allow=DECIDERS,
        refuse=COMPANY_A | PROVINCE,
        post_only=True,
        ok=(302,),
        data=lambda w: {"year": 2025},
    ),
    "ledgers:statistics_studios": Page(
        lambda w: [({}, f"union={w.company_a.pk}&year=2025&section=studio_stage&row=named")],
        allow=COMPANY_A | PROVINCE,
    ),
    # Who below has filed: the unions of the level's subtree (another branch: 404).
    "ledgers:statistics_filings": Page(
        lambda w: [({}, ""), ({}, f"union={w.company_a.pk}&year=2025", COMPANY_A | PROVINCE)],
        allow=UNION_ROLES,
    ),
    "ledgers:statistics_report": Page(one(pk="report.pk"), allow=COMPANY_A | PROVINCE),
    "ledgers:statistics_xlsx": Page(one(pk="report.pk"), allow=COMPANY_A | PROVINCE),
    "ledgers:statistics_pdf": Page(one(pk="report.pk"), allow=COMPANY_A | PROVINCE),
    # API tokens: the union's administrator only (the API itself answers tokens, not sessions).
    "ledgers:api_tokens": Page(
        lambda w: [({}, f"union={w.company_a.pk}")],
        allow=frozenset({"a_admin"}),
        data=lambda w: {"name": "越权"},
    ),
    # The API answers tokens only (tests/security/test_api.py checks their scope): to a session, or to
    # nobody, 401 and no data; its documentation is public and holds no data.
    **{
        f"api:{name}": Page(variants, allow=LOGGED_IN, ok=(401,), public=True)
        for name, variants in {
            "list_unions": plain,
            "get_union": one(code="company_a.code"),
            "list_studios": plain,
            "get_studio": one(studio_id="studio.pk"),
            "list_namings": plain,
            "named_list": plain,
            "named_list_as_csv": plain,
            "union_statistics": one(code="company_a.code", year=2025),
        }.items()
    },
    "api:openapi-json": Page(plain, allow=LOGGED_IN, public=True),
    "api:openapi-view": Page(plain, allow=LOGGED_IN, public=True),
    "api:api-root": Page(plain, allow=LOGGED_IN, ok=(404,), public=True),
    "ledgers:api_token_revoke": Page(
        one(pk="token.pk"),
        allow=frozenset({"a_admin"}),
        refuse=COMPANY_A | PROVINCE,
        post_only=True,
        ok=(302,),
    ),
    # Batch grants: asked and granted for a union by its heads and administrators (and those above);
    # a batch is seen by every union role that sees the granting union; the 专款专用 report likewise.
    "ledgers:grant_batch_create": Page(
        lambda w: [({}, f"union={w.company_a.pk}")],
        allow=DECIDERS,
        data=lambda w: {
            "document_number": "甲工〔2025〕99号",
            "title": "越权批量拨付",
            "year": 2025,
            "granted_on": "2025-03-01",
            "source": "union_funds",
            "purpose": "越权拨款",
            "same_amount": "999",
            "studios": [w.named.pk],
            "key": "matrix-batch",
        },
    ),
    "ledgers:grant_batch": Page(one(pk="batch.pk"), allow=COMPANY_A | PROVINCE),
    "ledgers:earmark": Page(
        lambda w: [({}, ""), ({}, f"union={w.company_a.pk}", COMPANY_A | PROVINCE)], allow=UNION_ROLES
    ),
    "ledgers:earmark_xlsx": Page(lambda w: [({}, f"union={w.company_a.pk}")], allow=COMPANY_A | PROVINCE),
    # Studio alliances: listed (scoped) for everyone; registered and changed by a clerk or head of the
    # registering union; seen by those who see the union or a member studio (its lead too).
    "ledgers:alliances": Page(plain, allow=LOGGED_IN),
    "ledgers:alliance_new": Page(
        plain,
        allow=frozenset({"a1_staff", "a_head", "a_admin", "prov_head", "b1_staff"}),
        data=alliance_data,
    ),
    "ledgers:alliance_detail": Page(one(pk="alliance.pk"), allow=A_VIEW | {"lead"}),
    "ledgers:alliance_edit": Page(
        one(pk="alliance.pk"),
        allow=frozenset({"a_head", "a_admin", "prov_head"}),
        refuse=(A_VIEW | {"lead"}) - {"a_head", "a_admin", "prov_head"},
        data=alliance_data,
    ),
    "ledgers:grant_create": Page(
        one(studio_pk="named.pk"),
        allow=frozenset({"a_head", "a_admin", "prov_head"}),
        data=lambda w: {
            "union": w.company_a.pk,
            "year": 2025,
            "amount": "999",
            "purpose": "越权拨款",
            "source": "union_funds",
            "granted_on": "2025-03-01",
        },
    ),
}

# Prefixes of URL patterns not walked: Django's admin (staff only, its own permission system),
# the language switch, static files.
EXCLUDED = ("admin/", "i18n/", "static/")


def url_names():
    """(name, route) of every URL pattern of the project, walked from the root resolver."""

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(EXCLUDED):
                continue
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                yield from walk(pattern, route, f"{namespace}:{ns}" if namespace and ns else ns or namespace)
            elif isinstance(pattern, URLPattern):
                name = pattern.name
                yield (f"{namespace}:{name}" if namespace and name else name), route

    return list(walk(get_resolver()))
