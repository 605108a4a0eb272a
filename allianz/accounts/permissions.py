"""Who may do what, in one place. Every route that needs more than an anonymous visitor uses these.

- `login_required`               any logged-in person (else: to the log-in page, `next=` kept)
- `role_required(*roles)`        logged in with one of `roles` (else 403)
- `coordinator_required`         `role_required("coordinator", "admin")`
- `partner_editor_required`      the view's `id`/`partner_id` is a partner the person may edit (else 403)
- `can_edit_partner(user, pid)`  members edit only their own partner; coordinators and admins every one
- `can_see_contacts(user)`       contact persons' details are for logged-in people only
- `can_coordinate(user)`         the person runs the alliance (coordinator or admin)
- `roles_grantable_by(user)`     roles `user` may invite to or deactivate (only admins handle admins)
"""
from functools import wraps

from flask import abort, request
from flask_login import current_user
from flask_login import login_required as flask_login_required

from ..vocabulary import COORDINATING_ROLES, USER_ROLES

login_required = flask_login_required


def can_coordinate(user):
    """True for a logged-in coordinator or admin."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in COORDINATING_ROLES


def can_edit_partner(user, partner_id):
    """True when `user` may edit partner `partner_id`: its own members, coordinators and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return can_coordinate(user) or (partner_id is not None and user.partner_id == partner_id)


def can_see_contacts(user):
    """Names, e-mail addresses and phone numbers of people are never shown to anonymous visitors."""
    return bool(getattr(user, "is_authenticated", False))


def roles_grantable_by(user):
    """The roles `user` may give others (invitations) or take away (deactivation): admins any,
    coordinators member and coordinator, everyone else none."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if user.role == "admin":
        return USER_ROLES
    return tuple(role for role in USER_ROLES if role != "admin") if user.role in COORDINATING_ROLES else ()


def role_required(*roles):
    """Decorator: the view needs a logged-in person with one of `roles` (403 for the others)."""
    def decorator(view):
        @wraps(view)
        @flask_login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


coordinator_required = role_required(*COORDINATING_ROLES)


def partner_editor_required(view):
    """Decorator: the partner in the URL (`id` or `partner_id`) must be one the person may edit."""
    @wraps(view)
    @flask_login_required
    def wrapped(*args, **kwargs):
        partner_id = kwargs.get("partner_id", kwargs.get("id", request.view_args.get("id")))
        if not can_edit_partner(current_user, partner_id):
            abort(403)
        return view(*args, **kwargs)
    return wrapped
