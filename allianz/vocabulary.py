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
