"""URLs of the studios app, one section per subject."""

from django.urls import path

from .views import applications as application_views
from .views import assessments as assessment_views
from .views import campaigns as campaign_views
from .views import changes as change_views
from .views import documents as document_views
from .views import experts as expert_views
from .views import history_import as history_import_views
from .views import packages as package_views
from .views import publicity as publicity_views
from .views import reviews as review_views
from .views import studio as studio_views

app_name = "studios"

urlpatterns = []

# --- studios, criteria, evidence --------------------------------------------

urlpatterns += [
    path("", studio_views.studio_list, name="list"),
    path("new/", studio_views.studio_create, name="create"),
    path("<int:pk>/", studio_views.studio_detail, name="detail"),
    path("<int:pk>/edit/", studio_views.studio_edit, name="edit"),
    path("<int:pk>/history/", studio_views.studio_history, name="history"),
    path("import-history/<int:union_pk>/", history_import_views.upload, name="history_import"),
    path("import-history/<int:union_pk>/apply/", history_import_views.apply, name="history_import_apply"),
    path("seal-preview/<int:union_pk>.png", document_views.seal_preview, name="seal_preview"),
    path(
        "import-history/<int:union_pk>/template.xlsx",
        history_import_views.template,
        name="history_import_template",
    ),
    path("<int:pk>/evidence/<int:criterion_pk>/", studio_views.evidence, name="evidence"),
    path("<int:pk>/files/<int:file_pk>/", studio_views.evidence_file, name="evidence_file"),
    path(
        "<int:pk>/files/<int:file_pk>/delete/", studio_views.evidence_file_delete, name="evidence_file_delete"
    ),
    path("<int:pk>/move/<slug:action>/", studio_views.move, name="move"),
    path("<int:pk>/namings/<int:naming_pk>/certificate.pdf", document_views.certificate, name="certificate"),
    path("<int:pk>/namings/<int:naming_pk>/plaque.pdf", document_views.plaque, name="plaque"),
    path("<int:pk>/lead/", studio_views.lead, name="lead"),
    path("<int:pk>/lead/<int:user_pk>/remove/", studio_views.lead_remove, name="lead_remove"),
    path("<int:pk>/loggers/", studio_views.logger_add, name="logger_add"),
    path("<int:pk>/loggers/<int:user_pk>/revoke/", studio_views.logger_revoke, name="logger_revoke"),
]

# --- the studio's life after naming: 带头人变更, 撤销/注销 ---------------------------------

urlpatterns += [
    path("<int:pk>/changes/new/<slug:kind>/", change_views.change_file, name="change_file"),
    path("changes/", change_views.change_list, name="change_list"),
    path("changes/<int:pk>/", change_views.change_detail, name="change_detail"),
    path("changes/<int:pk>/move/<slug:action>/", change_views.change_move, name="change_move"),
]

# --- campaigns, applications, review, experts, 公示, naming -----------------

urlpatterns += [
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/quotas/", campaign_views.campaign_quotas, name="campaign_quotas"),
    path("campaigns/<int:pk>/dimensions/", campaign_views.campaign_dimensions, name="campaign_dimensions"),
    path("campaigns/<int:pk>/move/<slug:action>/", campaign_views.campaign_move, name="campaign_move"),
    path("campaigns/<int:campaign_pk>/file/", application_views.file_choose, name="file_choose"),
    path("campaigns/<int:campaign_pk>/file/<int:studio_pk>/", application_views.file_form, name="file_form"),
    path("campaigns/<int:campaign_pk>/inbox/", review_views.inbox, name="inbox"),
    path(
        "campaigns/<int:pk>/naming-decision.pdf", document_views.naming_decision, name="naming_decision_pdf"
    ),
    path("campaigns/<int:pk>/score-sheets.pdf", document_views.score_sheets, name="score_sheets_pdf"),
    path("campaigns/<int:pk>/score-summary.pdf", document_views.score_summary, name="score_summary_pdf"),
    path(
        "campaigns/<int:campaign_pk>/publicity/<int:pk>/notice.pdf",
        document_views.publicity_notice,
        name="publicity_notice_pdf",
    ),
    path("experts/assignments/<int:pk>/score-sheet.pdf", document_views.score_sheet, name="score_sheet_pdf"),
    path("campaigns/<int:campaign_pk>/ranking/", review_views.ranking, name="ranking"),
    path("campaigns/<int:campaign_pk>/receipt/", review_views.receipt, name="receipt"),
    path("campaigns/<int:campaign_pk>/experts/", expert_views.campaign_experts, name="campaign_experts"),
    path("campaigns/<int:campaign_pk>/experts/assign/<int:pk>/", expert_views.assign, name="expert_assign"),
    path(
        "campaigns/<int:campaign_pk>/experts/unassign/<int:assignment_pk>/",
        expert_views.unassign,
        name="expert_unassign",
    ),
    path("campaigns/<int:campaign_pk>/scores/", expert_views.score_table, name="campaign_scores"),
    path("campaigns/<int:campaign_pk>/site-visits/<int:pk>/", expert_views.site_visits, name="site_visits"),
    path(
        "campaigns/<int:campaign_pk>/site-visits/files/<int:pk>/",
        expert_views.site_visit_file,
        name="site_visit_file",
    ),
    path("campaigns/<int:campaign_pk>/meeting/", expert_views.meeting, name="campaign_meeting"),
    path(
        "campaigns/<int:campaign_pk>/meeting/<int:pk>/minutes/",
        expert_views.meeting_minutes,
        name="meeting_minutes",
    ),
    path("campaigns/<int:campaign_pk>/publicity/", publicity_views.publicity_page, name="campaign_publicity"),
    path(
        "campaigns/<int:campaign_pk>/publicity/objection/",
        publicity_views.objection_add,
        name="objection_add",
    ),
    path(
        "campaigns/<int:campaign_pk>/publicity/objection/<int:pk>/resolve/",
        publicity_views.objection_resolve,
        name="objection_resolve",
    ),
    path("campaigns/<int:campaign_pk>/publicity/name/", publicity_views.name_all, name="name_all"),
    path(
        "campaigns/<int:campaign_pk>/publicity/objection/<int:pk>/attachment/",
        publicity_views.objection_attachment,
        name="objection_attachment",
    ),
    path("applications/", application_views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", application_views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", application_views.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/move/<slug:action>/",
        application_views.application_move,
        name="application_move",
    ),
    path("applications/<int:pk>/plan/", application_views.application_plan, name="application_plan"),
    path(
        "applications/<int:pk>/evidence/<int:file_pk>/",
        application_views.application_evidence_file,
        name="application_evidence_file",
    ),
    path("applications/<int:pk>/form.pdf", document_views.application_form, name="application_form_pdf"),
    path(
        "applications/<int:pk>/form.docx", document_views.application_form_word, name="application_form_docx"
    ),
    path("applications/<int:pk>/review/", review_views.review_form, name="application_review"),
    path("applications/<int:pk>/assess/", expert_views.assess, name="application_assess"),
    path("experts/assignments/", expert_views.my_assignments, name="my_assignments"),
]


# --- nomination packages ----------------------------------------------------

urlpatterns += [
    path("packages/", package_views.package_list, name="packages"),
    path("packages/<int:pk>/", package_views.package_detail, name="package"),
    path("packages/<int:pk>/progress/", package_views.progress, name="package_progress"),
    path("packages/<int:pk>/compile/", package_views.recompile, name="package_recompile"),
    path("packages/<int:pk>/send/", package_views.send, name="package_send"),
    path("packages/<int:pk>/download/", package_views.download, name="package_download"),
    path("campaigns/<int:campaign_pk>/package/", package_views.panel, name="package_panel"),
    path(
        "campaigns/<int:campaign_pk>/package/compile/",
        package_views.compile_for_campaign,
        name="package_compile_campaign",
    ),
]

# --- assessments, dashboard --------------------------------------------------

urlpatterns += [
    path("assessments/", assessment_views.index, name="assessments"),
    path("assessments/open/", assessment_views.open_round, name="assessment_open"),
    path("assessments/rounds/<int:pk>/", assessment_views.round_detail, name="assessment_round"),
    path("assessments/rounds/<int:pk>/close/", assessment_views.round_close, name="assessment_round_close"),
    path("assessments/<int:pk>/", assessment_views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/self/", assessment_views.self_assess, name="assessment_self"),
    path("assessments/<int:pk>/score/", assessment_views.score, name="assessment_score"),
    path("assessments/<int:pk>/decide/", assessment_views.decide, name="assessment_decide"),
    path("named/", assessment_views.named_list, name="named_list"),
]
