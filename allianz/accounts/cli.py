"""`allianz user create|deactivate|activate|list`: people from the command line, every change audited."""
import sys

import click
from flask.cli import with_appcontext

from ..exceptions import AllianzError
from ..vocabulary import USER_ROLES
from . import service
from .passwords import password_problem


def fail(message):
    """Print `message` on stderr and exit with status 1."""
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def read_password():
    """The new password: from standard input when it is not a terminal, else a prompt (twice)."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        fail(f"password refused: {problem}")
    return password


@click.group()
def user():
    """People who log in: create, deactivate, activate, list (passwords never as an argument)."""


@user.command()
@click.option("--email", required=True, help="The person's e-mail address (log-in, any case).")
@click.option("--partner", "partner_id", default=None, help="The partner's id (required for members).")
@click.option("--role", type=click.Choice(USER_ROLES), default="member", show_default=True)
@click.option("--name", default="", help="The person's name (else the e-mail address is shown).")
@with_appcontext
def create(email, partner_id, role, name):
    """Create a person; the password comes from a prompt or standard input."""
    password = read_password()
    try:
        created = service.create_user(email, name, role, partner_id, password, via="cli")
    except AllianzError as error:
        fail(f"not created: {error}")
    click.echo(f"created {created['email']} ({created['role']}"
               + (f", partner {created['partner_id']}" if created.get("partner_id") else "") + ")")


def switch(email, active):
    """(De)activate the person with `email`."""
    found = service.find_by_email(email)
    if found is None:
        fail(f"no person with e-mail {email}")
    try:
        service.set_active(found["id"], active, via="cli")
    except AllianzError as error:
        fail(str(error))
    click.echo(f"{found['email']} {'activated' if active else 'deactivated (every session ended)'}")


@user.command()
@click.argument("email")
@with_appcontext
def deactivate(email):
    """Deactivate a person: the log-in stops working and every session ends at once."""
    switch(email, False)


@user.command()
@click.argument("email")
@with_appcontext
def activate(email):
    """Reactivate a deactivated person."""
    switch(email, True)


@user.command("list")
@with_appcontext
def list_command():
    """Every person: e-mail, role, partner, active or not, last log-in."""
    try:
        people = service.list_users()
    except AllianzError as error:
        fail(str(error))
    for person in people:
        click.echo("\t".join([person["email"], person["role"], person.get("partner_id") or "-",
                              "active" if person.get("active") else "inactive",
                              str(person.get("last_login_at") or "-")]))
    click.echo(f"{len(people)} people")


commands = [user]
