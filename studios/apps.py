from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "studios"
    verbose_name = _("Innovation studios")

    def ready(self):
        from unions import registry

        from . import checks, hooks, machines
        from .views import assessments as assessment_views
        from .views import campaigns as campaign_views
        from .views import changes as change_views
        from .views import packages as package_views
        from .views import studio as studio_views

        registry.register_nav(20, _("Studios"), "studios:list", studio_views.nav_visible)
        registry.register_nav(
            30, _("Applications"), "studios:my_applications", campaign_views.nav_applications
        )
        registry.register_nav(40, _("Campaigns"), "studios:campaign_list", campaign_views.nav_campaigns)
        registry.register_nav(
            45, _("My assessments"), "studios:my_assignments", campaign_views.nav_assignments
        )
        registry.register_nav(50, _("Nomination packages"), "studios:packages", package_views.nav_visible)
        registry.register_nav(60, _("Assessment"), "studios:assessments", assessment_views.nav_visible)
        registry.register_nav(65, _("Named studios"), "studios:named_list", bool)
        registry.home_panels.extend(
            [
                studio_views.staff_panel,
                studio_views.lead_panel,
                campaign_views.home_panel,
                assessment_views.todo_panel,
                change_views.approver_panel,
            ]
        )
        hooks.studio_sections.append(assessment_views.studio_section)
        machines.register()
        checks.register()
