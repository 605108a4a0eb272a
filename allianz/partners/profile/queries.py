"""Cypher of partner self-service: the editable profile, its save, contacts. Values only as $parameters."""
from ...writes import relationship_set

EDITABLE = """
MATCH (p:Partner {id: $id})
RETURN p {.*, version: coalesce(p.version, 0)} AS partner,
       COLLECT { MATCH (p)-[:ACTIVE_IN]->(f:Field) RETURN f.key ORDER BY f.key } AS fields,
       COLLECT { MATCH (p)-[r:HAS_COMPETENCY]->(c:Competency)
                 RETURN {id: c.id, name: c.name, name_en: c.name_en, level: r.level} ORDER BY c.id } AS competencies
"""

# $profile holds only the partner schema's editable properties (`schema.editable`): a request cannot set a
# name, kind, id or anything else (no mass assignment).
SAVE_PROFILE = """
MATCH (p:Partner {id: $id})
SET p += $profile
"""

SAVE_FIELDS = relationship_set("Partner", "ACTIVE_IN", "Field", "fields")  # $id, $fields: keys

SAVE_COMPETENCIES = relationship_set("Partner", "HAS_COMPETENCY", "Competency", "competencies",  # $id, $competencies:
                                     properties=("level",))                                        # {id, level}

# -- contact persons -------------------------------------------------------------------------------------
CONTACTS = """
MATCH (:Partner {id: $id})-[:HAS_CONTACT]->(c:Contact)
RETURN c {.id, .name, .function, .email, .phone, .visible_to_members, version: coalesce(c.version, 0)} AS contact
ORDER BY c.name, c.id
"""

CONTACT = """
MATCH (:Partner {id: $partner_id})-[:HAS_CONTACT]->(c:Contact {id: $id})
RETURN c {.id, .name, .function, .email, .phone, .visible_to_members, version: coalesce(c.version, 0)} AS contact
"""

ADD_CONTACT = """
MATCH (p:Partner {id: $partner_id})
CREATE (p)-[:HAS_CONTACT]->(c:Contact {id: $id, name: $name, function: $function, email: $email, phone: $phone,
                                      visible_to_members: $visible_to_members, version: 1, created_at: datetime()})
"""

SAVE_CONTACT = """
MATCH (:Partner {id: $partner_id})-[:HAS_CONTACT]->(c:Contact {id: $id})
SET c.name = $name, c.function = $function, c.email = $email, c.phone = $phone,
    c.visible_to_members = $visible_to_members
"""

DELETE_CONTACT = "MATCH (:Partner {id: $partner_id})-[:HAS_CONTACT]->(c:Contact {id: $id}) DETACH DELETE c"
