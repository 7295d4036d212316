"""What the ledgers add to the rest of the project, registered once from LedgersConfig.ready()."""

from studios import hooks

from . import completeness_rules  # noqa: F401  (registers 有成员, 有经费, 有台帐, 有成果)
from .documents import studio_records
from .figures import studio_figures
from .sections import studio_actions, studio_section

if studio_section not in hooks.studio_sections:
    hooks.studio_sections.append(studio_section)
if studio_actions not in hooks.studio_actions:
    hooks.studio_actions.append(studio_actions)
if studio_figures not in hooks.studio_figures:
    hooks.studio_figures.append(studio_figures)
if studio_records not in hooks.studio_records:
    hooks.studio_records.append(studio_records)
