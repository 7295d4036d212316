"""Django admin for the ledgers (system administrators only): to look records up. Ledger rows are
never deleted and change only through ledgers/services.py (history, rollups, the balance), so
every list here is read-only."""

from django.contrib import admin

from unions.admin import ReadOnlyAdmin

from .models import (
    Achievement,
    AchievementProof,
    Activity,
    ActivityPhoto,
    ApiCall,
    ApiToken,
    Export,
    FundEntry,
    FundGrant,
    LedgerSummary,
    Member,
    StudioYear,
    Training,
    YearlyReport,
)


class LedgerAdmin(ReadOnlyAdmin):
    list_select_related = ("studio",)
    search_fields = ("studio__name",)


@admin.register(Member)
class MemberAdmin(LedgerAdmin):
    list_display = ("name", "studio", "role", "post", "skill_level", "joined_on", "left_on", "voided_at")
    list_filter = ("role", "skill_level")
    search_fields = ("name", "name_pinyin", "name_initials", "studio__name")
    ordering = ("studio", "name_pinyin", "pk")

    def get_queryset(self, request):
        return Member.with_voided.select_related("studio")


@admin.register(Activity)
class ActivityAdmin(LedgerAdmin):
    list_display = ("date", "studio", "kind", "topic", "headcount", "voided_at")
    list_filter = ("kind",)

    def get_queryset(self, request):
        return Activity.with_voided.select_related("studio")


@admin.register(ActivityPhoto)
class ActivityPhotoAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "activity", "size")
    list_select_related = ("activity",)


@admin.register(Training)
class TrainingAdmin(LedgerAdmin):
    list_display = ("date", "studio", "title", "sessions", "headcount", "hours", "voided_at")

    def get_queryset(self, request):
        return Training.with_voided.select_related("studio")


@admin.register(Achievement)
class AchievementAdmin(LedgerAdmin):
    list_display = ("date", "studio", "kind", "title", "economic_benefit", "voided_at")
    list_filter = ("kind",)

    def get_queryset(self, request):
        return Achievement.with_voided.select_related("studio")


@admin.register(AchievementProof)
class AchievementProofAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "achievement", "size")
    list_select_related = ("achievement",)


@admin.register(FundEntry)
class FundEntryAdmin(LedgerAdmin):
    list_display = ("date", "studio", "direction", "amount", "source", "use", "document_number", "voided_at")
    list_filter = ("direction", "source", "use")

    def get_queryset(self, request):
        return FundEntry.with_voided.select_related("studio")


@admin.register(FundGrant)
class FundGrantAdmin(LedgerAdmin):
    list_display = ("studio", "union", "year", "amount", "source", "document_number", "granted_on")
    list_filter = ("source", "year")
    list_select_related = ("studio", "union")


@admin.register(StudioYear)
class StudioYearAdmin(LedgerAdmin):
    list_display = (
        "studio",
        "year",
        "activities",
        "training_headcount",
        "achievements",
        "income",
        "expenditure",
    )


@admin.register(LedgerSummary)
class LedgerSummaryAdmin(LedgerAdmin):
    list_display = ("studio", "last_entry_on", "last_achievement_on")


@admin.register(YearlyReport)
class YearlyReportAdmin(ReadOnlyAdmin):
    list_display = ("union", "year", "version", "filed_by", "filed_at")
    list_select_related = ("union", "filed_by")


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "status", "rows", "requested_by", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("requested_by",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "union", "prefix", "created_by", "created_at", "revoked_at", "last_used_at")
    list_select_related = ("union", "created_by")


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdmin):
    list_display = ("at", "token", "method", "path", "status")
    list_select_related = ("token",)


from .models import Alliance, GrantBatch  # noqa: E402


@admin.register(Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ("name", "union", "lead_studio")


@admin.register(GrantBatch)
class GrantBatchAdmin(ReadOnlyAdmin):
    list_display = ("document_number", "union", "granted_on", "total")
