"""Partner self-service: the partner's members (and coordinators) keep its profile, competencies and contact
persons current. The domain's shape: `routes` (blueprint `partner_edit`), `forms`, `service`, `queries`."""
