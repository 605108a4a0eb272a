"""Cypher of the search: both full-text indexes (cypher/0009_search.cypher) at once, what the searcher may
see of it (allianz/visibility.py), grouped by type with counts, best first. Values only as $parameters."""
from ..visibility import VISIBLE

# Every node found by either index, its scores added; the type of each (ideas are projects in an idea's
# status); only the types asked for and what the viewer may see; per type the total and one page of it.
SEARCH = """
CALL () {
  CALL db.index.fulltext.queryNodes('search_de', $german, {limit: $cap}) YIELD node, score
  RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('search_names', $names, {limit: $cap}) YIELD node, score
  RETURN node, score
}
WITH node AS p, sum(score) AS score
WITH p, score, CASE WHEN p:Partner THEN 'partner' WHEN p:Competency THEN 'competency'
                    WHEN p.status IN $idea_statuses THEN 'idea' ELSE 'project' END AS type
WHERE type IN $types AND (NOT p:Project OR """ + VISIBLE + """)
WITH type, p, score ORDER BY score DESC, p.id
WITH type, collect(p) AS nodes, collect(score) AS scores
RETURN type, size(nodes) AS total, scores[$skip..$skip + $limit] AS scores,
       [n IN nodes[$skip..$skip + $limit] | n {.id, .name, .short_name, .kind, .name_en, .synonyms, .title,
        .status, .origin, .summary, .description}] AS hits
"""
