"""`allianz notifications digest`: mail the gathered notifications to people who chose the daily digest."""
import click
from flask.cli import with_appcontext

from .service import mail_pending


@click.group("notifications")
def notifications():
    """Notifications of the ideas workflow."""


@notifications.command("digest")
@with_appcontext
def digest():
    """Send the daily digest (run once a day, e.g. from cron)."""
    sent = mail_pending(digest=True)
    click.echo(f"digest mails sent: {sent}")


commands = [notifications]
