"""The matcher's first JSON paths (/api/matching…, served by `matching.routes`), kept working and listed in the
document as deprecated, each pointing to its v1 successor."""

OLD_PATHS = {
    "/api/matching": ("/api/v1/matching", ["get", "post"], "Rank partners for a query."),
    "/api/matching/konsortium": ("/api/v1/matching/consortium", ["get", "post"], "Propose a consortium."),
    "/api/matching/partner": ("/api/v1/matching/partners", ["get"], "Partners by name (the team picker)."),
}


def document(api, app):
    """Add the old paths to `api`'s document, deprecated."""
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
    for path, (successor, methods, summary) in OLD_PATHS.items():
        operation = {"tags": ["deprecated"], "deprecated": True, "summary": summary,
                     "description": f"Deprecated: use `{successor}`. Answers carry `Deprecation: true` and a "
                                    f"`Link` to the successor.",
                     "responses": {"200": {"description": "as the successor answers (the older error shape)",
                                           "content": {"application/json": {"schema": {}}}}}}
        name = path.replace("/", "_")
        api.spec.path(rule=rules[path], operations={method: dict(operation, operationId=f"legacy_{method}{name}")
                                             for method in methods})
