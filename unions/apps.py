from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Unions and accounts")

    def ready(self):
        from . import notifications, page_cache, registry

        page_cache.connect()  # issue 7: whole pages cached per person, old after every write
        page_cache.narrow_scopes["unions.Notice"] = lambda notice: [page_cache.user_scope(notice.user_id)]

        registry.header_badges.append(notifications.badge)  # in-app notices (issue 4)
