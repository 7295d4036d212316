from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "studios"
    verbose_name = _("Innovation studios")

    def ready(self):
        # Each subject registers its navigation, home panels, demo seeders and
        # workflow moves here, in its own line.
        from unions import registry

        from . import demo, lifecycle  # noqa: F401  (issue 3: the studio's moves)
        from .views import studio as studio_views

        registry.register_nav(20, _("Studios"), "studios:list", studio_views.nav_visible)  # issue 3
        registry.home_panels.extend([studio_views.staff_panel, studio_views.lead_panel])  # issue 3
        registry.demo_seeders.append(demo.seed_studios)  # issue 3
        registry.demo_accounts.append((demo.LEAD_USERNAME, "工作室带头人"))  # issue 3

        from . import assessments, hooks  # noqa: F401  (issue 6: assessment and title moves)
        from .views import assessments as assessment_views

        registry.register_nav(60, _("Assessment"), "studios:assessments", assessment_views.nav_visible)
        registry.register_nav(65, _("Named studios"), "studios:named_list", bool)  # issue 6: anyone logged in
        hooks.studio_sections.append(assessment_views.studio_section)  # issue 6

        from . import applications, demo_workflow  # noqa: F401  (issue 4: the review path's moves)
        from .views import campaigns as campaign_views

        registry.register_nav(
            30, _("Applications"), "studios:my_applications", campaign_views.nav_applications
        )
        registry.register_nav(40, _("Campaigns"), "studios:campaign_list", campaign_views.nav_campaigns)
        registry.register_nav(
            45, _("My assessments"), "studios:my_assignments", campaign_views.nav_assignments
        )
        registry.home_panels.append(campaign_views.home_panel)  # issue 4
        registry.demo_seeders.append(demo_workflow.seed_campaign)  # issue 4
        registry.demo_accounts.extend((e[0], demo_workflow.EXPERT_PURPOSE) for e in demo_workflow.EXPERTS)

        from .services import packages  # noqa: F401  (issue 5: the package's moves)
        from .views import packages as package_views

        registry.register_nav(
            50, _("Nomination packages"), "studios:packages", package_views.nav_visible
        )  # issue 5
