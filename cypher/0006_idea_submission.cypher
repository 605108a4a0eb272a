// A new idea is saved once per form: the propose form carries a random submission token, stored on the
// idea; a double click or a resent form meets this constraint and is shown the idea already saved.
CREATE CONSTRAINT project_submission IF NOT EXISTS FOR (n:Project) REQUIRE n.submission IS UNIQUE;
