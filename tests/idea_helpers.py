"""Test helpers for ideas: a small alliance (fields, competencies, partners that cover them, an existing
project about air quality) beside the actors, and a complete idea form."""

IDEA_WORLD = """
MATCH (a:Partner {id: 'pa'}), (b:Partner {id: 'pb'})
CREATE (umwelt:Field {key: 'umwelt', name_de: 'Umwelt', name_en: 'Environment'}),
       (sensorik:Competency {id: 'sensorik', name: 'Sensorik', name_en: 'Sensor technology', version: 1}),
       (plattform:Competency {id: 'datenplattform', name: 'Datenplattform', name_en: 'Data platform', version: 1}),
       (beteiligung:Competency {id: 'beteiligung', name: 'Bürgerbeteiligung',
                                name_en: 'Citizen participation', version: 1}),
       (c:Partner {id: 'pc', name: 'Sensorwerk GmbH', kind: 'company', version: 1}),
       (d:Partner {id: 'pd', name: 'Datenhaus e.V.', kind: 'association', version: 1}),
       (c)-[:HAS_COMPETENCY {level: 3}]->(sensorik), (d)-[:HAS_COMPETENCY {level: 3}]->(plattform),
       (b)-[:HAS_COMPETENCY {level: 2}]->(sensorik), (c)-[:ACTIVE_IN]->(umwelt), (d)-[:ACTIVE_IN]->(umwelt),
       (old:Project {id: 'alt', title: 'Luftqualitäts-Sensoren für Schulen', status: 'completed', version: 1,
                     summary: 'Messstationen an Schulhöfen, offene Daten für alle.'}),
       (c)-[:PARTICIPATES_IN {role: 'lead'}]->(old), (d)-[:PARTICIPATES_IN {role: 'partner'}]->(old),
       (old)-[:NEEDS]->(sensorik), (old)-[:NEEDS]->(plattform), (old)-[:IN_FIELD]->(umwelt)
"""


def idea_form(**changes):
    """A complete propose form: an idea needing sensor technology, a data platform and participation."""
    data = {"title": "Sensorik-Netz für Luftqualität in Quartieren",
            "summary": "Günstige Sensoren messen die Luftqualität; die Daten kommen offen auf eine Plattform.",
            "fields": ["umwelt"], "needs": ["sensorik", "datenplattform", "beteiligung"],
            "importance-sensorik": "3", "importance-datenplattform": "2", "importance-beteiligung": "1",
            "partner_kinds": ["company", "association"], "time_frame": "2027–2028", "scale": "quartier",
            "core_values": ["open_data", "participation"], "public": "y"}
    data.update(changes)
    return data


def propose(client, **changes):
    """Propose an idea through the form; returns its id (from the redirect to its page)."""
    response = client.post_form("/ideen/neu", idea_form(**changes))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[1]


def version_of(graph, project_id):
    """The project's version now."""
    return graph.query("MATCH (p:Project {id: $id}) RETURN p.version AS v", id=project_id)[0]["v"]


def act(client, graph, project_id, action, reason=None, version=None):
    """POST one transition as of the project's current (or the given) version."""
    data = {"version": str(version if version is not None else version_of(graph, project_id))}
    if reason:
        data["reason"] = reason
    return client.post_form(f"/ideen/{project_id}/status/{action}", data, page=f"/ideen/{project_id}")
