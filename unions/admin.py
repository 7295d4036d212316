from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Membership, Union, User


@admin.register(User)
class AccountAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((_("Profile"), {"fields": ("full_name", "phone")}),)
    list_display = ("username", "full_name", "email", "phone", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone")


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
