"""The demo log-ins `allianz seed demo` creates (never with ALLIANZ_ENV=production); see README."""
from . import service

# (e-mail, password, role, partner id, name): documented in the README; for demonstrations only.
DEMO_ACCOUNTS = (
    ("mitglied@demo.example", "demo-mitglied-passwort", "member", "p02", "Mia Mitglied"),
    ("koordination@demo.example", "demo-koordination-passwort", "coordinator", "p01", "Konrad Koordination"),
    ("admin@demo.example", "demo-admin-passwort", "admin", "p01", "Ada Admin"),
)


def ensure_demo_accounts(env):
    """Create the demo log-ins that are missing; returns (created, refused reason or None)."""
    if env == "production":
        return [], "ALLIANZ_ENV=production: no demo log-ins are created"
    created = []
    for email, password, role, partner_id, name in DEMO_ACCOUNTS:
        if service.find_by_email(email) is None:
            service.create_user(email, name, role, partner_id, password, via="cli")
            created.append(email)
    return created, None
