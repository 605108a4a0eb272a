"""`allianz privacy purge`: delete what is past its retention period (run once a day, e.g. from cron)."""
import click
from flask import current_app
from flask.cli import with_appcontext

from .service import purge as purge_expired


@click.group("privacy")
def privacy():
    """Personal data: retention."""


@privacy.command("purge")
@with_appcontext
def purge():
    """Delete deactivated accounts past the period, old log-in records and expired reset links."""
    removed = purge_expired()
    config = current_app.config
    click.echo(f"deactivated accounts older than {config['PRIVACY_DEACTIVATED_MONTHS']} months deleted: "
               f"{removed['accounts']}")
    click.echo(f"log-in records older than {config['PRIVACY_LOGIN_RECORD_DAYS']} days deleted: "
               f"{removed['login_records']}")
    click.echo(f"expired password-reset links deleted: {removed['password_resets']}")


commands = [privacy]
