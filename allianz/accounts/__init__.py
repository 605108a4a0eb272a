"""Accounts: people and roles, sessions (Flask-Login), log-in throttling, passwords, invitations.

See `permissions` for who may do what, `session` for how sessions end everywhere at once.
"""


def init_app(app):
    """Bind sessions and give templates the permission helpers."""
    from . import session
    from .permissions import can_coordinate, can_edit_partner, can_see_contacts

    session.init_app(app)
    app.jinja_env.globals.update(
        can_edit_partner=can_edit_partner, can_coordinate=can_coordinate, can_see_contacts=can_see_contacts)
