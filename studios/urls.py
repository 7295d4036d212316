"""URLs of the studios app. Each subject adds its paths in its own section."""

from django.urls import path  # noqa: F401

app_name = "studios"

urlpatterns = []

# --- studios, criteria, evidence (issue 3) ----------------------------------
from .views import studio as studio_views  # noqa: E402

urlpatterns += [
    path("", studio_views.studio_list, name="list"),
    path("new/", studio_views.studio_create, name="create"),
    path("<int:pk>/", studio_views.studio_detail, name="detail"),
    path("<int:pk>/edit/", studio_views.studio_edit, name="edit"),
    path("<int:pk>/evidence/<int:criterion_pk>/", studio_views.evidence, name="evidence"),
    path("<int:pk>/files/<int:file_pk>/", studio_views.evidence_file, name="evidence_file"),
    path(
        "<int:pk>/files/<int:file_pk>/delete/", studio_views.evidence_file_delete, name="evidence_file_delete"
    ),
    path("<int:pk>/move/<slug:action>/", studio_views.move, name="move"),
    path("<int:pk>/lead/", studio_views.lead, name="lead"),
    path("<int:pk>/lead/<int:user_pk>/remove/", studio_views.lead_remove, name="lead_remove"),
    path("<int:pk>/loggers/", studio_views.logger_add, name="logger_add"),
    path("<int:pk>/loggers/<int:user_pk>/revoke/", studio_views.logger_revoke, name="logger_revoke"),
]

# --- campaigns, applications, review, experts, 公示, naming (issue 4) -------

# --- nomination packages (issue 5) ------------------------------------------

# --- assessments, dashboard (issue 6) ----------------------------------------
from .views import assessments as assessment_views  # noqa: E402

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
