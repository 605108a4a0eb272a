"""Ideas to projects: propose an idea, find similar ones, build the team, move it through its lifecycle.

The state machine is `allianz.vocabulary.TRANSITIONS`; `service` writes ideas and transitions, `team`
invitations and join requests, `similar` finds ideas like the one being written.
"""
