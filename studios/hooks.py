"""Hooks that ledgers/ fills (in its AppConfig.ready()) to show its data on studio pages.

studios/ never imports ledgers/; the studio page asks these instead.
"""

from collections.abc import Callable

# Each section is a callable(studio, request) -> dict | None with "template" and its
# context (key figures, recent entries, links to each ledger), shown on the studio page
# in registration order.
studio_sections: list[Callable] = []

# Each is a callable(studio, request) -> [{"label", "url", "id", "primary"}]: the acts the person
# came to the studio page for (a lead: log an activity), shown at its top, within the first
# screen of a phone, before the checklist; the first primary one is the main action.
studio_actions: list[Callable] = []

# Each is a callable(studios: list[Studio], since: date) -> {studio_pk: {name: value}}
# giving per-studio figures in one or two queries (for lists, packages, dashboards).
studio_figures: list[Callable] = []

# Each is a callable(studios: list[Studio], today: date) -> {studio_pk: {name: value}} giving the
# records the printed 申报表 lists, in a constant number of queries: "members" (the current
# members' particulars) and "achievements" (those of the last three years, each with its
# proof files), as plain strings and numbers; the nomination package also packs the proofs.
studio_records: list[Callable] = []


def figure_labels():
    """{figure name: what a person reads} for the names a studio_figures provider returns
    (stored with those names in an application's snapshot)."""
    from django.utils.translation import gettext as _

    return {
        "members": _("Members (people)"),
        "activities": _("Activities (times)"),
        "trainings": _("Trainings (sessions)"),
        "training_headcount": _("Training head-count (person-times)"),
        "achievements": _("Achievements (items)"),
        "economic_benefit": _("Economic benefit (10k yuan)"),
        "income": _("Fund income (yuan)"),
        "expenditure": _("Fund expenditure (yuan)"),
        "balance": _("Fund balance (yuan)"),
    }
