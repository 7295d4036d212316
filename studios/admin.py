"""Django admin for the studios app (system administrators only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import CriteriaSet, Criterion, Evidence, EvidenceFile, Naming, Studio, TransitionLog


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
    search_fields = ("name", "person_name", "host_union__name")
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
    list_display = ("at", "content_type", "object_id", "move", "from_label", "to_label", "actor", "union")
    list_filter = ("content_type",)
    list_select_related = ("content_type", "actor", "union")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        workflow.label_logs(changelist.result_list)  # the moves and states by their names, never their codes
        return changelist

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
