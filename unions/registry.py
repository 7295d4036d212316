"""Hooks that the higher apps fill in their AppConfig.ready().

unions/ knows nothing of studios or ledgers; they add their navigation links,
home-page panels and header badges here, the way django.contrib.admin
discovers each app's admin.py.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str
    visible: Callable  # visible(user) -> bool


nav_items: list[NavItem] = []
# Each panel is a callable(request) -> dict | None; the dict has "template" and its context.
home_panels: list[Callable] = []
# Each badge is a callable(request) -> dict | None with "label", "url", "count".
header_badges: list[Callable] = []
# Each counter is a callable(unions: list[Union]) -> {union_pk: {label: count}} for the tree page.
union_counters: list[Callable] = []


def register_nav(order, label, url_name, visible):
    nav_items.append(NavItem(order, label, url_name, visible))
    nav_items.sort(key=lambda item: item.order)
