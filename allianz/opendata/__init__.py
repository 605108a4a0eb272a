"""Open data: the non-personal network (partners' public fields, competencies, fields of action, projects,
participations, the network) as CSV in the exchange format, JSON-LD and GraphML, with a DCAT-AP.de catalogue.
The domain's shape: `routes` (blueprint `opendata`), `forms`, `service` (with `formats` and `catalogue`),
`queries`; `licences` is the DCAT-AP.de licence list. See docs/open-data.md."""
