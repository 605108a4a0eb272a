"""The product's vocabulary, defined once: partner kinds and sectors, project statuses, roles in a
project, roles of people, their German words (translated where shown) and their colours.

Everything else (forms, pages, pictures, the importer, the matcher, tests) imports from here.
"""


def N_(text):
    """Mark `text` for translation without translating it (the words are translated where shown)."""
    return text


# -- partner kinds ---------------------------------------------------------------------------------
KIND_WORDS = {
    "company": N_("Unternehmen"),
    "startup": N_("Start-up"),
    "science": N_("Wissenschaft"),
    "association": N_("Verband / Verein"),
    "chamber": N_("Kammer"),
    "civil_society": N_("Zivilgesellschaft"),
    "administration": N_("Stadt & Verwaltung"),
}
KINDS = tuple(KIND_WORDS)
# The sector a kind belongs to (the matcher's and the analytics' sector mix).
SECTORS = {"company": "business", "startup": "business", "science": "science", "association": "civil",
           "chamber": "business", "civil_society": "civil", "administration": "administration"}
# The sectors' words, in the order the matcher numbers them.
SECTOR_WORDS = {
    "business": N_("Wirtschaft"),
    "science": N_("Wissenschaft"),
    "civil": N_("Zivilgesellschaft"),
    "administration": N_("Verwaltung"),
}
SECTOR_NAMES = tuple(SECTOR_WORDS)

# -- project statuses ------------------------------------------------------------------------------
STATUS_WORDS = {
    "idea": N_("Idee"),
    "submitted": N_("eingereicht"),
    "active": N_("aktiv"),
    "completed": N_("abgeschlossen"),
    "rejected": N_("abgelehnt"),
    "withdrawn": N_("zurückgezogen"),
}
STATUSES = tuple(STATUS_WORDS)
# Projects that count as history (evidence of competence and collaboration).
HISTORY_STATUSES = ("active", "completed")
# Projects a matcher recommends partners for.
OPEN_STATUSES = ("idea", "submitted")
# The lists' status filters also take a group of statuses (its key in the URL, its word, its statuses):
# the idea list opens on the open ideas, and the home page's counts link to the lists they count.
STATUS_GROUPS = {
    "offen": (N_("offene Ideen (Idee oder eingereicht)"), OPEN_STATUSES),
    "projekte": (N_("laufend oder abgeschlossen"), HISTORY_STATUSES),
}


def statuses_of(choice):
    """The statuses a status filter's value stands for (a group's or one status), or None for all."""
    if not choice:
        return None
    return list(STATUS_GROUPS[choice][1]) if choice in STATUS_GROUPS else [choice]
# Projects whose needs count as demand for a competency (the network analytics' supply and demand).
DEMAND_STATUSES = ("idea", "submitted", "active")
# An idea written in the app is public to every visitor in these statuses, and in PUBLISHABLE_STATUS
# when its team made it public (allianz/visibility.py, the one rule).
PUBLIC_STATUSES = ("active", "completed")
PUBLISHABLE_STATUS = "submitted"
# Ideas given up (rejected or withdrawn): not offered as similar ideas.
DROPPED_STATUSES = ("rejected", "withdrawn")
# The order of project lists that put running work first (a field's projects); other statuses come after.
RUNNING_FIRST = ("active", "submitted", "idea", "completed")

# -- roles in a project (PARTICIPATES_IN.role) -------------------------------------------------------
PROJECT_ROLES = ("lead", "partner")

# -- roles of people (User.role) --------------------------------------------------------------------
USER_ROLE_WORDS = {
    "member": N_("Mitglied"),
    "coordinator": N_("Koordination"),
    "admin": N_("Administration"),
}
USER_ROLES = tuple(USER_ROLE_WORDS)
# Roles that run the alliance: they edit every partner, invite people, care for the vocabulary and
# read the audit trail (admins can do everything coordinators can).
COORDINATING_ROLES = ("coordinator", "admin")

# -- invitations of people into the alliance (the state of an Invitation, derived when it is read) -------
INVITATION_STATE_WORDS = {
    "open": N_("offen"),
    "used": N_("angenommen"),
    "revoked": N_("zurückgenommen"),
    "expired": N_("abgelaufen"),
}
INVITATION_STATES = tuple(INVITATION_STATE_WORDS)

# -- competency levels (HAS_COMPETENCY.level) --------------------------------------------------------
LEVELS = (1, 2, 3)

# -- colours of the pictures -------------------------------------------------------------------------
# One palette for every colour one picture can hold (7 kinds, 6 statuses, competencies): Okabe–Ito for six
# kinds, the rest chosen so that every pair stays apart (CIEDE2000 ΔE ≥ 15) for normal vision and under
# simulated deuteranopia and protanopia (ΔE ≥ 10); tests/test_network_palette.py checks it. Shapes tell
# node types apart as well (dots: partners, squares: projects, triangles: competencies).
KIND_COLORS = {
    "company": "#0072B2", "startup": "#56B4E9", "science": "#009E73", "association": "#E69F00",
    "chamber": "#D55E00", "civil_society": "#CC79A7", "administration": "#4000D0",
}
STATUS_COLORS = {
    "idea": "#00F080", "submitted": "#40E0E0", "active": "#406050", "completed": "#706070",
    "rejected": "#900030", "withdrawn": "#D0D0C0",
}
COMPETENCY_COLOR = "#D000FF"

# -- ideas and projects: the one state machine ----------------------------------------------------------
# Who acts on a project: its proposer, its team's lead (a member of the lead partner), a coordinator.
ACTOR_PROPOSER, ACTOR_LEAD, ACTOR_COORDINATOR = "proposer", "lead", "coordinator"
TEAM_ACTORS = (ACTOR_PROPOSER, ACTOR_LEAD)

# One row per allowed transition: (action, from, to, who may, reason required, German label).
# Routes, templates and tests read THIS table; a transition not listed here does not exist.
TRANSITIONS = (
    ("submit", "idea", "submitted", TEAM_ACTORS, False, N_("Einreichen")),
    ("withdraw", "idea", "withdrawn", TEAM_ACTORS, False, N_("Zurückziehen")),
    ("withdraw", "submitted", "withdrawn", TEAM_ACTORS, False, N_("Zurückziehen")),
    ("accept", "submitted", "active", (ACTOR_COORDINATOR,), False, N_("Annehmen")),
    ("request_changes", "submitted", "idea", (ACTOR_COORDINATOR,), True, N_("Änderungen erbitten")),
    ("reject", "submitted", "rejected", (ACTOR_COORDINATOR,), True, N_("Ablehnen")),
    ("complete", "active", "completed", TEAM_ACTORS + (ACTOR_COORDINATOR,), False, N_("Abschließen")),
)
TRANSITION_FIELDS = ("action", "from_status", "to_status", "actors", "reason_required", "label")
TRANSITION_ACTIONS = tuple(dict.fromkeys(row[0] for row in TRANSITIONS))
# The statuses in which the team may still change an idea's text, needs and team.
EDITABLE_STATUSES = ("idea", "submitted", "active")


def transition(action, from_status):
    """The table row for `action` from `from_status` as a dict, or None when it does not exist."""
    for row in TRANSITIONS:
        if row[0] == action and row[1] == from_status:
            return dict(zip(TRANSITION_FIELDS, row, strict=True))
    return None


def transitions_from(status, actor_kinds):
    """The transitions from `status` that someone acting as any of `actor_kinds` may make (dicts)."""
    return [dict(zip(TRANSITION_FIELDS, row, strict=True)) for row in TRANSITIONS
            if row[1] == status and set(row[3]) & set(actor_kinds)]


# -- spatial scales and core values of an idea ----------------------------------------------------------
SCALE_WORDS = {
    "quartier": N_("Quartier"),
    "stadtteil": N_("Stadtteil"),
    "stadt": N_("Stadt"),
    "region": N_("Region"),
}
SCALES = tuple(SCALE_WORDS)
CORE_VALUE_WORDS = {
    "open_source": N_("Open Source"),
    "open_data": N_("Open Data"),
    "privacy": N_("Datenschutz"),
    "sustainability": N_("Nachhaltigkeit"),
    "participation": N_("Teilhabe"),
    "accessibility": N_("Barrierefreiheit"),
    "common_good": N_("Gemeinwohl"),
}
CORE_VALUES = tuple(CORE_VALUE_WORDS)
# How much an idea needs a competency (NEEDS.importance).
IMPORTANCE_WORDS = {1: N_("hilfreich"), 2: N_("wichtig"), 3: N_("unverzichtbar")}
IMPORTANCES = tuple(IMPORTANCE_WORDS)

# -- invitations into a team and join requests (Invite.state) --------------------------------------------
INVITE_STATE_WORDS = {
    "open": N_("offen"),
    "accepted": N_("angenommen"),
    "declined": N_("abgelehnt"),
    "withdrawn": N_("zurückgenommen"),
}
INVITE_STATES = tuple(INVITE_STATE_WORDS)
# An Invite's direction: the team invites a partner, or a partner asks to join.
INVITE_KINDS = ("invitation", "join_request")

# -- notifications (Notification.kind) -------------------------------------------------------------------
NOTIFICATION_KIND_WORDS = {
    "invitation": N_("Einladungen in ein Team"),
    "join_request": N_("Beitrittsanfragen"),
    "answer": N_("Antworten auf Einladungen und Anfragen"),
    "status": N_("Statusänderungen"),
    "comment": N_("Kommentare zu Ideen, denen Sie folgen"),
    "review": N_("Ideen zur Prüfung"),
    "suggestion": N_("Vorgeschlagene Kompetenzen"),
}
NOTIFICATION_KINDS = tuple(NOTIFICATION_KIND_WORDS)
# What comes by mail to a person who never chose (a stored choice, even an empty one, wins): decisions on
# their ideas and invitations to their partner; coordinators also what waits for their review.
DEFAULT_MAIL_KINDS = ("invitation", "status")
COORDINATOR_MAIL_KINDS = DEFAULT_MAIL_KINDS + ("review",)
# The statuses in which an idea waits for the coordinators' decision (comments on it reach them).
UNDER_REVIEW = ("submitted",)
# What a "review" notification to the coordinators is about (Notification.detail).
REVIEW_REASONS = ("submit", "resubmit", "comment", "join_request")
# A transition as a notification names it ("„…“: Änderungen erbeten"), by action.
TRANSITION_DONE_WORDS = {
    "submit": N_("eingereicht"),
    "withdraw": N_("zurückgezogen"),
    "accept": N_("angenommen"),
    "request_changes": N_("Änderungen erbeten"),
    "reject": N_("abgelehnt"),
    "complete": N_("abgeschlossen"),
}
# The coordinators' decisions: the idea's page shows the last one and its reason until the next change.
DECISION_ACTIONS = ("accept", "request_changes", "reject")
