// One full-text index over names, descriptions and titles, for search across the alliance.
CREATE FULLTEXT INDEX allianz_text IF NOT EXISTS
FOR (n:Partner|Project|Competency) ON EACH [n.name, n.short_name, n.description, n.title, n.summary, n.name_en];
