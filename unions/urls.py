from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import accounts, errors, home, manage, notices, onboarding, tree

union_patterns = [
    path("", tree.tree, name="tree"),
    path("<int:pk>/", tree.detail, name="detail"),
    path("<int:pk>/children/", tree.children, name="children"),
    path("<int:pk>/edit/", manage.edit, name="edit"),
    path("<int:pk>/add-child/", manage.add_child, name="add_child"),
    path("<int:pk>/invite/", accounts.invite, name="invite"),
    path("<int:pk>/memberships/<int:membership_pk>/end/", accounts.end_membership, name="end_membership"),
    path(
        "<int:pk>/accounts/<int:user_pk>/deactivate/", accounts.deactivate_account, name="deactivate_account"
    ),
    path("<int:pk>/onboarding/", onboarding.upload, name="onboarding"),
    path("<int:pk>/onboarding/template.xlsx", onboarding.template, name="onboarding_template"),
    path("<int:pk>/onboarding/apply/", onboarding.apply, name="onboarding_apply"),
    path("notices/", notices.notices, name="notices"),
]

account_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("set-password/code/", onboarding.setup_code, name="setup_code"),
    path(
        "set-password/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz/", home.healthz, name="healthz"),
    path("favicon.ico", errors.favicon, name="favicon"),
    path("unions/", include((union_patterns, "unions"))),
    path("accounts/", include(account_patterns)),
]
