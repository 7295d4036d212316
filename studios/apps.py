from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "studios"
    verbose_name = _("Innovation studios")

    def ready(self):
        # Each subject registers its navigation, home panels, demo seeders and
        # workflow moves here, in its own line.
        pass
