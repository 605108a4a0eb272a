// Indexes the list pages filter and sort by.
CREATE INDEX partner_kind IF NOT EXISTS FOR (n:Partner) ON (n.kind);
CREATE INDEX partner_name IF NOT EXISTS FOR (n:Partner) ON (n.name);
CREATE INDEX project_status IF NOT EXISTS FOR (n:Project) ON (n.status);
CREATE INDEX project_started IF NOT EXISTS FOR (n:Project) ON (n.started);
CREATE INDEX competency_name IF NOT EXISTS FOR (n:Competency) ON (n.name);
