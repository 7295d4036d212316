"""Build the demo: the union tree, one account per role, studios, a campaign, ledgers and the overview; idempotent.

The command lives in the top app so that it may call every app's seeder, in order.
"""

from django.core.management.base import BaseCommand

from ledgers.demo import ledgers as demo_ledgers
from ledgers.demo import overview as demo_overview
from studios.demo import studios as demo_studios
from studios.demo import workflow as demo_workflow
from unions.demo import DEMO_PASSWORD
from unions.demo import tree as demo_tree


class Command(BaseCommand):
    help = "Build a believable demo (union tree, accounts, studios); running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the account table.")

    def handle(self, *args, quiet=False, **options):
        demo_tree.build_tree()
        demo_tree.build_accounts()
        demo_studios.seed_studios(self.stdout)
        demo_workflow.seed_campaign(self.stdout)
        demo_ledgers.seed_demo_ledgers(self.stdout)
        demo_overview.seed_overview(self.stdout)
        if not quiet:
            accounts = demo_tree.account_table() + demo_studios.ACCOUNTS + demo_workflow.ACCOUNTS
            self.stdout.write("")
            self.stdout.write(f"演示账号（密码均为 / demo password: {DEMO_PASSWORD}）:")
            for username, purpose in accounts:
                self.stdout.write(f"  {username:<16} {purpose}")
