"""Which ideas and projects a visitor may see: the ONE rule, as Cypher predicates and as one check.

- Everyone sees what came by import, and of the ideas written in the app (`origin: 'app'`) the active
  and completed ones and the submitted ones their team made public: `PUBLIC` (on a node `p`) and
  `PUBLIC_PR` (on `pr`). Pages that look the same for every visitor (the network pictures, the project,
  partner, field and competency lists) use these.
- Besides, coordinators see every idea, and a member sees the ideas of their partner's teams and the
  ones they proposed: `VISIBLE` (on `p`, with the parameters from `viewer_params(user)`). The idea pages,
  the similar-idea search, the idea list and `may_see` use it.
"""
from .db import query_one
from .vocabulary import COORDINATING_ROLES, PUBLIC_STATUSES, PUBLISHABLE_STATUS, STATUSES


def cypher_status(status):
    """A project status as a Cypher string literal, e.g. `'active'`: only words of the vocabulary (checked),
    never input, so that the predicate below can be embedded in every page's query."""
    if status not in STATUSES:
        raise ValueError(f"not a project status: {status!r}")
    return "'" + status + "'"


# The one text of the rule; NODE is replaced by the variable names below (a fixed list, never input),
# the statuses come from the vocabulary.
_PUBLIC = """(coalesce(NODE.origin, '') <> 'app' OR NODE.status IN PUBLIC_STATUSES
 OR (NODE.status = PUBLISHABLE AND coalesce(NODE.public, false)))"""
_PUBLIC = _PUBLIC.replace("PUBLIC_STATUSES", "[" + ", ".join(map(cypher_status, PUBLIC_STATUSES)) + "]").replace(
    "PUBLISHABLE", cypher_status(PUBLISHABLE_STATUS))
_VISIBLE = "(" + _PUBLIC + """
 OR $coordinator
 OR ($viewer_partner IS NOT NULL AND EXISTS { (NODE)<-[:PARTICIPATES_IN]-(:Partner {id: $viewer_partner}) })
 OR ($viewer IS NOT NULL AND EXISTS { (NODE)<-[:PROPOSED]-(:User {id: $viewer}) }))"""

PUBLIC = _PUBLIC.replace("NODE", "p")
PUBLIC_PR = _PUBLIC.replace("NODE", "pr")
VISIBLE = _VISIBLE.replace("NODE", "p")

MAY_SEE = "MATCH (p:Project {id: $id}) RETURN " + VISIBLE + " AS visible"


def viewer_params(user):
    """The $viewer, $viewer_partner and $coordinator parameters of `VISIBLE` for `user` (or anonymous).

    Reads only the person's plain values (`is_authenticated`, `id`, `partner_id`, `role`): a coordinator is
    a role of `vocabulary.COORDINATING_ROLES`, the same rule as `accounts.permissions.can_coordinate`.
    """
    if not getattr(user, "is_authenticated", False):
        return {"viewer": None, "viewer_partner": None, "coordinator": False}
    return {"viewer": user.id, "viewer_partner": user.partner_id, "coordinator": user.role in COORDINATING_ROLES}


def may_see(project_id, user):
    """True when `user` (or an anonymous visitor) may see the project; False when it does not exist."""
    row = query_one(MAY_SEE, id=project_id, **viewer_params(user))
    return bool(row and row["visible"])
