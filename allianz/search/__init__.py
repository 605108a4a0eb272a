"""One search over partners, competencies, projects and ideas (`/suche`): see docs/search.md.

Other domains and the JSON API call `service.search(...)` and `service.suggest(...)`."""
