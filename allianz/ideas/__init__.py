"""Ideas to projects: propose an idea, find similar ones, build the team, move it through its lifecycle.

The state machine is `allianz.vocabulary.TRANSITIONS`; `service` writes ideas and transitions and holds the
list's read models, `similar` finds ideas like the one being written, the `team` sub-package holds
invitations and join requests (its own routes, forms, service and queries).
"""
