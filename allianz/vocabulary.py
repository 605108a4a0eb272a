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
# Colour-blind friendly (Okabe–Ito) colours for the partner kinds; shapes tell node types apart.
KIND_COLORS = {
    "company": "#0072B2", "startup": "#56B4E9", "science": "#009E73", "association": "#E69F00",
    "chamber": "#D55E00", "civil_society": "#CC79A7", "administration": "#6A3D9A",
}
STATUS_COLORS = {
    "idea": "#F0E442", "submitted": "#E6C229", "active": "#2A9D8F", "completed": "#8D99AE",
    "rejected": "#D9D9D9", "withdrawn": "#D9D9D9",
}
