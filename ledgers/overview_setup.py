"""What issue 6 (creation funds, overview) adds to the project, registered once from LedgersConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from studios import hooks
from unions import registry

from .views_overview import nav_visible, studio_grants_section


def register():
    if not any(item.url_name == "ledgers:dashboard" for item in registry.nav_items):
        registry.register_nav(50, _("Overview"), "ledgers:dashboard", nav_visible)
        registry.register_nav(55, _("Creation funds"), "ledgers:grants", nav_visible)
    if studio_grants_section not in hooks.studio_sections:
        hooks.studio_sections.append(studio_grants_section)
