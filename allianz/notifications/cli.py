"""`allianz notifications digest`: mail the gathered notifications to people who chose the daily digest."""
import click
from flask.cli import with_appcontext

from ..mail import MailFailed
from .service import send_pending


@click.group("notifications")
def notifications():
    """Notifications of the ideas workflow."""


@notifications.command("digest")
@with_appcontext
def digest():
    """Send the daily digest (run once a day, e.g. from cron)."""
    try:
        sent = send_pending(digest=True)
    except MailFailed as error:  # the ones that failed stay pending and go out with tomorrow's digest
        raise click.ClickException(str(error)) from error
    click.echo(f"digest mails sent: {sent}")


commands = [notifications]
