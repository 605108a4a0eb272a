// Free text to needs (allianz/competencies/freetext.py): the competencies and fields of action a sentence names,
// found in German full-text (stemming and ä/ö/ü folding) over their German and English names, synonyms and
// descriptions (`synonyms` and `description` where a vocabulary carries them).
CREATE FULLTEXT INDEX vocabulary_text_de IF NOT EXISTS
FOR (n:Competency|Field) ON EACH [n.name, n.name_de, n.name_en, n.synonyms, n.description]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'german'}};
