"""The state machines of studios/, one table of moves per module, all run by studios.workflow.

Each module names its MODEL, the STATE field and its MOVES; what a move checks and does is
in studios/services/, who may make it in studios/permissions.py. StudiosConfig.ready() calls
register() once.
"""

from .. import workflow
from . import application, assessment, assessment_round, campaign, change, expert, lifecycle, package, title

TABLES = (lifecycle, title, campaign, application, expert, package, assessment_round, assessment, change)


def register():
    for table in TABLES:
        workflow.register(table.MODEL, table.STATE, table.MOVES)
