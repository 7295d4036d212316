"""Navigation for every page, from the links the apps registered."""

from django.urls import reverse

from . import registry


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def build():
        items = [
            {"label": item.label, "url": reverse(item.url_name)}
            for item in registry.nav_items
            if item.visible(user)
        ]
        badges = [badge for badge in (b(request) for b in registry.header_badges) if badge]
        return {"items": items, "badges": badges}

    return {"nav": build}
