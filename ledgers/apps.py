from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Studio ledgers")

    def ready(self):
        # Completeness rules and the studio-page hooks of the ledgers.
        from . import setup  # noqa: F401
        from .overview.setup import register as register_overview

        # The overview's navigation and the studio page's creation funds.
        register_overview()
        from . import rollup

        # The per studio-year figures, kept current on every write.
        rollup.connect()
        from .overview import cache

        # The overview's cache, made old after each commit that changes what it shows.
        cache.connect()
