"""The permission layer: who may edit which partner, role checks on views."""
import pytest
from flask import Blueprint
from flask_login import AnonymousUserMixin

from allianz.accounts.permissions import (
    can_coordinate,
    can_edit_partner,
    can_see_contacts,
    coordinator_required,
    partner_editor_required,
    role_required,
)
from allianz.accounts.session import Account


def person(role, partner_id=None):
    """An Account as `current_user` would be."""
    return Account({"id": role, "email": f"{role}@x.example", "role": role, "partner_id": partner_id,
                    "active": True, "session_version": 1})


def test_members_edit_only_their_own_partner_coordinators_and_admins_every_one():
    anonymous = AnonymousUserMixin()
    assert can_edit_partner(person("member", "pa"), "pa")
    assert not can_edit_partner(person("member", "pa"), "pb")
    assert not can_edit_partner(person("member", None), None)
    assert can_edit_partner(person("coordinator"), "pb") and can_edit_partner(person("admin"), "pb")
    assert not can_edit_partner(anonymous, "pa")
    assert can_coordinate(person("admin")) and not can_coordinate(person("member", "pa"))
    assert not can_see_contacts(anonymous) and can_see_contacts(person("member", "pa"))
    assert person("coordinator").is_coordinator and not person("member", "pa").is_coordinator


@pytest.fixture
def guarded(app):
    """The app with three probe routes behind the decorators."""
    probe = Blueprint("probe", __name__)
    probe.add_url_rule("/probe/koordination", "coord", coordinator_required(lambda: "ok"))
    probe.add_url_rule("/probe/admin", "admin", role_required("admin")(lambda: "ok"))
    probe.add_url_rule("/probe/partner/<id>", "partner", partner_editor_required(lambda id: "ok"))
    app.register_blueprint(probe)
    return app


@pytest.mark.parametrize("actor, coord, admin, own, other", [
    ("anonymous", 302, 302, 302, 302),
    ("member_a", 403, 403, 200, 403),
    ("member_b", 403, 403, 403, 200),
    ("coordinator", 200, 403, 200, 200),
    ("admin", 200, 200, 200, 200),
])
def test_decorators_answer_each_actor(guarded, login_as, actor, coord, admin, own, other):
    client = login_as(actor)
    assert client.get("/probe/koordination").status_code == coord
    assert client.get("/probe/admin").status_code == admin
    assert client.get("/probe/partner/pa").status_code == own
    assert client.get("/probe/partner/pb").status_code == other
