"""The API's documentation page (/api/v1/docs): every operation of the OpenAPI document with its parameters,
examples and a curl line, rendered by the app itself (no script, no third-party asset)."""
import json

from flask import Blueprint, current_app, render_template, request

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")
METHODS = ("get", "post", "put", "patch", "delete")


def resolve(spec, item):
    """`item` with a `$ref` into the document's components replaced by what it points to."""
    while isinstance(item, dict) and "$ref" in item:
        node = spec
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node.get(part, {})
        item = node
    return item


def example_of(spec, content):
    """The example of a request body or response (JSON text), or None."""
    for media in (content or {}).values():
        example = media.get("example")
        if example is not None:
            return json.dumps(example, ensure_ascii=False, indent=2)
    return None


def curl_line(method, path, body, secured, base):
    """A curl command for the operation (placeholders in braces stay as they are)."""
    parts = ["curl", "-i"]
    if method != "get":
        parts += ["-X", method.upper()]
    if secured:
        parts += ["-H", "'Authorization: Bearer $ALLIANZ_TOKEN'"]
    if method == "patch" or path.endswith("/transitions"):
        parts += ["-H", "'If-Match: \"v1-…\"'"]
    if body:
        compact = json.dumps(json.loads(body), ensure_ascii=False)
        parts += ["-H", "'Content-Type: application/json'", "-d", "'" + compact.replace("'", "'\\''") + "'"]
    parts.append(f"'{base}{path}'")
    return " ".join(parts)


def title_of(tag):
    """A tag (a blueprint's name, `api_v1_partners`) as a heading: `Partners`."""
    return tag.removeprefix("api_v1_").replace("_", " ").capitalize()


def token_needed(method, security):
    """What the operation needs: "write", "read" (a token of either scope), "optional" or None (public)."""
    if not any(security):
        return None
    if {} in security:
        return "optional"
    return "write" if method != "get" else "read"


def operations(spec, base):
    """Every operation as the page shows it, grouped by tag in the document's order."""
    groups = {tag["name"]: {"name": tag["name"], "title": title_of(tag["name"]),
                            "description": tag.get("description", ""), "operations": []}
              for tag in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [resolve(spec, p) for p in item.get("parameters", []) + operation.get("parameters", [])]
            body = example_of(spec, resolve(spec, operation.get("requestBody", {})).get("content"))
            responses = [{"status": status, "description": resolve(spec, response).get("description", ""),
                          "example": example_of(spec, resolve(spec, response).get("content"))}
                         for status, response in operation.get("responses", {}).items()]
            security = operation.get("security") or []
            secured = any(requirement for requirement in security)
            tag = (operation.get("tags") or ["other"])[0]
            group = groups.setdefault(tag, {"name": tag, "title": title_of(tag), "description": "", "operations": []})
            group["operations"].append({
                "id": operation.get("operationId") or f"{method}{path}".replace("/", "-"),
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""), "deprecated": operation.get("deprecated", False),
                "parameters": parameters, "body": body, "responses": responses,
                "token": token_needed(method, security),
                "curl": curl_line(method, path, body, secured, base)})
    return [group for group in groups.values() if group["operations"]]


@bp.route("/docs")
def docs():
    """The documentation page of the API, from the OpenAPI document the code generates."""
    spec = current_app.extensions["allianz.api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec, groups=operations(spec, request.host_url.rstrip("/")))
