"""`manage.py send_reminders`: send the assessment reminders due today (Asia/Shanghai), once each.

For a deployment without Celery beat (a cron line such as `5 8 * * * manage.py send_reminders`);
running it more than once a day, or beside beat, sends nothing twice.
"""

from django.core.management.base import BaseCommand

from studios.tasks import daily_reminders


class Command(BaseCommand):
    help = "Send the rectification reminders due today (Asia/Shanghai); each is sent once."

    def handle(self, *args, **options):
        sent = daily_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
