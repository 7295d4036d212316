"""What the overview adds to the project (navigation, a studio-page section), registered from LedgersConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from studios import hooks
from unions import registry

from ..permissions import can_open_alliances, can_open_api_tokens, can_open_overview
from .views.grants import studio_grants_section


def register():
    if not any(item.url_name == "ledgers:dashboard" for item in registry.nav_items):
        registry.register_nav(50, _("Overview"), "ledgers:dashboard", can_open_overview)
        registry.register_nav(55, _("Creation funds"), "ledgers:grants", can_open_overview)
        registry.register_nav(56, _("Studio alliances"), "ledgers:alliances", can_open_alliances)
        registry.register_nav(57, _("Yearly statistics"), "ledgers:statistics", can_open_overview)
        registry.register_nav(58, _("API tokens"), "ledgers:api_tokens", can_open_api_tokens)
    if studio_grants_section not in hooks.studio_sections:
        hooks.studio_sections.append(studio_grants_section)
