// Ideas to projects (allianz/ideas, allianz/discussion, allianz/notifications): the similar-idea search
// (German analyzer: stemming and ä/ö/ü folding over title and summary) and the ids of the new nodes.
CREATE FULLTEXT INDEX project_text_de IF NOT EXISTS
FOR (n:Project) ON EACH [n.title, n.summary]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'german'}};
CREATE CONSTRAINT transition_id IF NOT EXISTS FOR (n:Transition) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT invite_id IF NOT EXISTS FOR (n:Invite) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT comment_id IF NOT EXISTS FOR (n:Comment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE;
CREATE INDEX project_origin IF NOT EXISTS FOR (n:Project) ON (n.origin);
