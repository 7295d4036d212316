from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Studio ledgers")

    def ready(self):
        # Each subject registers its navigation, home panels, demo seeders and
        # workflow moves here, in its own line.
        from . import setup  # noqa: F401  (issue 3: completeness rules, studio-page hooks, demo ledgers)
        from .overview_setup import register as register_overview

        register_overview()  # issue 6: nav, studio-page grants, demo round and grants
        from . import rollup

        rollup.connect()  # issue 7: per studio-year figures kept current on every write
        from . import overview_cache

        overview_cache.connect()  # issue 7: the overview's cache, invalidated after each commit
