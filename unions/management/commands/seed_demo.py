"""Build the demo union tree, one account per role and what the other apps add; idempotent."""

from django.core.management.base import BaseCommand

from unions import demo, registry


class Command(BaseCommand):
    help = "Build a believable demo (union tree, accounts, studios); running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the account table.")

    def handle(self, *args, quiet=False, **options):
        demo.build_tree()
        demo.build_accounts()
        for seeder in registry.demo_seeders:
            seeder(self.stdout)
        if not quiet:
            self.stdout.write("")
            self.stdout.write(f"演示账号（密码均为 / demo password: {demo.DEMO_PASSWORD}）:")
            for username, purpose in demo.account_table():
                self.stdout.write(f"  {username:<16} {purpose}")
