// One search over the alliance (allianz/search, docs/search.md): partners, competencies (German and English
// names, synonyms when a vocabulary has them), projects and ideas, in two full-text indexes asked together:
// search_de, the German analyzer over names and texts: whole words, stemmed ("Stadtwerken" meets
// "Stadtwerke"), with ä/ö/ü/ß and ae/oe/ue folded alike ("Muenster", "Munster" and "Münster" meet);
// search_names, over names and titles only and not stemmed (ä → a, ß → ss): the prefixes, typos and later
// parts of compounds the query asks for (allianz/search/lucene.py), which stemmed terms would cut short.
CREATE FULLTEXT INDEX search_de IF NOT EXISTS
FOR (n:Partner|Competency|Project) ON EACH [n.name, n.short_name, n.name_en, n.synonyms, n.title, n.summary, n.description]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'german'}};
CREATE FULLTEXT INDEX search_names IF NOT EXISTS
FOR (n:Partner|Competency|Project) ON EACH [n.name, n.short_name, n.name_en, n.synonyms, n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
