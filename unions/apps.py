from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Unions and accounts")

    def ready(self):
        from . import notifications, registry

        registry.header_badges.append(notifications.badge)
