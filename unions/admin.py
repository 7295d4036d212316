"""Django admin for the unions app (system administrators only), and the read-only admin every
app uses for the records that change only through their services and moves.

Every model of the project is registered (tests/unions/test_admin.py): its names and the labels
of its list columns are translated, and a list shows labels, never stored codes."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import (
    Membership,
    Notice,
    PendingUpload,
    Union,
    UnionGroupObjectPermission,
    UnionUserObjectPermission,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """To look a record up: domain rows change only through their services and the workflow engine
    (which write the history, the rollups and the notices), so the admin neither adds, changes
    nor deletes them."""

    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class AccountAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((_("Profile"), {"fields": ("full_name", "phone")}),)
    list_display = ("username", "full_name", "email", "phone", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "full_name_pinyin", "full_name_initials", "email", "phone")
    ordering = ("full_name_pinyin", "username")


@admin.register(Union)
class UnionAdmin(TreeAdmin):
    form = movenodeform_factory(Union)
    list_display = ("name", "code", "level", "unit", "region")
    search_fields = ("name", "code", "unit")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "union", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "union__name")
    raw_id_fields = ("user", "union")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("user", "text", "created_at", "read_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__full_name", "text")


class GrantAdmin(ReadOnlyAdmin):
    """Per-object grants (django-guardian): who holds which act on which object."""

    list_display = ("content_object", "holder", "act")
    search_fields = ("permission__name",)

    @admin.display(description=_("held by"))
    def holder(self, grant):
        return getattr(grant, "user", None) or getattr(grant, "group", None)

    @admin.display(description=_("act"))
    def act(self, grant):
        # The stored name is the English msgid of the model's Meta.permissions: read translated.
        return gettext(grant.permission.name)

    def get_queryset(self, request):
        related = ["permission", "content_object", "user" if hasattr(self.model, "user") else "group"]
        return super().get_queryset(request).select_related(*related)


admin.site.register(UnionUserObjectPermission, GrantAdmin)
admin.site.register(UnionGroupObjectPermission, GrantAdmin)


@admin.register(PendingUpload)
class PendingUploadAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "owner", "content_type", "size", "created_at")
    list_select_related = ("owner",)
