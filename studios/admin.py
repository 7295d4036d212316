"""Django admin for the studios app (system administrators only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unions.admin import GrantAdmin, ReadOnlyAdmin

from . import workflow
from .models import (
    Application,
    ApplicationUserObjectPermission,
    Assessment,
    AssessmentRound,
    AssessmentScore,
    Campaign,
    CriteriaSet,
    Criterion,
    CriterionVerdict,
    Evidence,
    EvidenceFile,
    ExpertAssignment,
    ExpertProfile,
    ExpertScore,
    Meeting,
    MeetingDecision,
    Naming,
    NominationPackage,
    Objection,
    Publicity,
    Quota,
    Review,
    ScoringDimension,
    SiteVisit,
    SiteVisitFile,
    Studio,
    StudioGroupObjectPermission,
    StudioUserObjectPermission,
    TransitionLog,
)
from .models.campaign import CertificateSequence


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "owner")
    inlines = [CriterionInline]


class NamingInline(admin.TabularInline):
    model = Naming
    extra = 0
    raw_id_fields = ("named_by",)


@admin.register(Studio)
class StudioAdmin(admin.ModelAdmin):
    list_display = ("name", "person_name", "host_union", "kind", "stage", "founded_on")
    list_filter = ("stage", "kind")
    search_fields = (
        "name",
        "name_pinyin",
        "name_initials",
        "person_name",
        "person_name_pinyin",
        "person_name_initials",
        "host_union__name",
    )
    raw_id_fields = ("host_union",)
    list_select_related = ("host_union",)
    # The stage changes only through studios.workflow.transition(), which writes the timeline.
    readonly_fields = ("stage",)
    inlines = [NamingInline]


class EvidenceFileInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = (
        "kind",
        "rule_kind",
        "title",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("studio", "criterion", "updated_at")
    list_select_related = ("studio", "criterion")
    search_fields = ("studio__name",)
    raw_id_fields = ("studio",)
    inlines = [EvidenceFileInline]


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ("at", "record", "move", "from_label", "to_label", "actor", "union")
    list_filter = ("content_type",)
    list_select_related = ("content_type", "actor", "union")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        workflow.label_logs(changelist.result_list)  # the moves and states by their names, never their codes
        return changelist

    @admin.display(description=_("record"))
    def record(self, log):
        model = log.content_type.model_class()
        name = model._meta.verbose_name if model else log.content_type.name
        return f"{name} #{log.object_id}"

    @admin.display(description=_("action"))
    def move(self, log):
        return getattr(log, "action_label", "")

    @admin.display(description=_("from"))
    def from_label(self, log):
        return getattr(log, "from_label", "")

    @admin.display(description=_("to"))
    def to_label(self, log):
        return getattr(log, "to_label", "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- the records that change only through their services and moves: to look up -------------

for _model in (StudioUserObjectPermission, StudioGroupObjectPermission, ApplicationUserObjectPermission):
    admin.site.register(_model, GrantAdmin)


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("name", "criteria_set", "position")
    list_select_related = ("criteria_set",)


@admin.register(Naming)
class NamingAdmin(ReadOnlyAdmin):
    list_display = ("studio", "level", "year", "certificate_number", "named_by", "named_on", "revoked")
    list_filter = ("level", "revoked")
    list_select_related = ("studio", "named_by")
    search_fields = ("studio__name", "certificate_number")


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "evidence", "kind", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("evidence__studio", "evidence__criterion", "uploaded_by")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("title", "organiser", "year", "naming_level", "status", "opens_on", "closes_on")
    list_filter = ("status", "naming_level")
    list_select_related = ("organiser",)
    search_fields = ("title",)


@admin.register(CertificateSequence)
class CertificateSequenceAdmin(ReadOnlyAdmin):
    list_display = ("organiser", "year", "last")
    list_select_related = ("organiser",)


@admin.register(ScoringDimension)
class ScoringDimensionAdmin(ReadOnlyAdmin):
    list_display = ("name", "campaign", "max_points", "position")
    list_select_related = ("campaign",)


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "union", "places")
    list_select_related = ("campaign", "union")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("studio", "campaign", "filing_union", "status", "current_union", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("studio", "campaign", "filing_union", "current_union")
    search_fields = ("studio__name", "campaign__title")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "union", "reviewer", "decision", "score", "rank", "created_at")
    list_filter = ("decision",)
    list_select_related = ("application__studio", "application__campaign", "union", "reviewer")


@admin.register(CriterionVerdict)
class CriterionVerdictAdmin(ReadOnlyAdmin):
    list_display = ("review", "criterion", "verdict")
    list_filter = ("verdict",)
    list_select_related = ("review__application__studio", "review__application__campaign", "criterion")


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdmin):
    list_display = ("user", "organiser", "field", "unit", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("user", "organiser")
    search_fields = ("user__full_name", "user__full_name_pinyin", "field", "unit")


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("application", "expert", "status", "total", "assigned_at", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("application__studio", "application__campaign", "expert__user")


@admin.register(ExpertScore)
class ExpertScoreAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "dimension", "score")
    list_select_related = (
        "assignment__application__studio",
        "assignment__application__campaign",
        "assignment__expert__user",
        "dimension",
    )


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "held_on", "recorded_by", "recorded_at")
    list_select_related = ("campaign", "recorded_by")


@admin.register(MeetingDecision)
class MeetingDecisionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "application", "decision", "votes_for", "votes_against", "votes_abstaining")
    list_filter = ("decision",)
    list_select_related = ("meeting__campaign", "application__studio", "application__campaign")


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyAdmin):
    list_display = ("application", "visited_on", "visitors", "recorded_by")
    list_select_related = ("application__studio", "application__campaign", "recorded_by")


@admin.register(SiteVisitFile)
class SiteVisitFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "visit", "size")
    list_select_related = ("visit__application__studio", "visit__application__campaign")


@admin.register(Publicity)
class PublicityAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "starts_on", "ends_on", "working_days", "published_by")
    list_select_related = ("campaign", "published_by")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("application", "received_on", "source", "objector_name", "resolution", "resolved_at")
    list_filter = ("source", "resolution")
    list_select_related = ("application__studio", "application__campaign")


@admin.register(NominationPackage)
class NominationPackageAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "union", "recipient", "status", "requested_at", "compiled_at", "sent_at")
    list_filter = ("status",)
    list_select_related = ("campaign", "union", "recipient")


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(ReadOnlyAdmin):
    list_display = ("union", "year", "status", "opened_by", "opened_at")
    list_filter = ("status",)
    list_select_related = ("union", "opened_by")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("studio", "round", "status", "result", "rectify_deadline")
    list_filter = ("status", "result")
    list_select_related = ("studio", "round__union")
    search_fields = ("studio__name",)


@admin.register(AssessmentScore)
class AssessmentScoreAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "criterion", "score")
    list_select_related = ("assessment__studio", "assessment__round__union", "criterion")


from .models import AssessmentReminder, StudioChange  # noqa: E402


@admin.register(StudioChange)
class StudioChangeAdmin(ReadOnlyAdmin):
    list_display = ("studio", "kind", "status", "effective_on")


@admin.register(AssessmentReminder)
class AssessmentReminderAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "kind", "due_on")
