"""The audit trail: who changed what and when, read per partner and per person by coordinators.

Events are written inside every unit of work (`allianz.writes`); this package only reads them.
"""
