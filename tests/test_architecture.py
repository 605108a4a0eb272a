"""The shape of the code: dependencies point one way (web → service → queries → data → base), no import
circle anywhere in `allianz`, no module reaches into another package's routes (only the app factory
registers them). Read from the source with `ast`, so a lazy import inside a function counts too.

The layers (docs/architecture.md):

- base: words and plain values every layer may use (`vocabulary`, `exceptions`, `labels`, `listing`, …);
- data: the graph (`db`, `writes`, `revision`, `visibility`, `migrations`, `localdb`);
- queries: Cypher beside its binder (`<domain>/queries.py`);
- service: a domain's rules and read models (`<domain>/service.py` and the domain's other modules);
- web: HTTP and the command line (`routes`, `forms`, `cli`, the app factory, the error pages).
"""
import ast
import pathlib

import networkx as nx
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "allianz"

BASE, DATA, QUERIES, SERVICE, WEB = range(5)
LAYER_NAMES = {BASE: "base", DATA: "data", QUERIES: "queries", SERVICE: "service", WEB: "web"}

# Modules at the top of the package, by layer; a module inside a domain package is layered by its name.
TOP_LEVEL = {
    BASE: {"vocabulary", "exceptions", "labels", "listing", "palette", "extensions", "i18n", "text"},
    DATA: {"db", "writes", "revision", "visibility", "migrations", "localdb"},
    SERVICE: {"mail", "outbox", "jobs", "shared"},
    WEB: {"", "wsgi", "cli", "errors", "api_input", "assets", "security", "limits", "forms", "pages",
          "blueprints"},
}
WEB_NAMES = {"routes", "forms", "cli", "api"}


def module_name(path):
    """`allianz/ideas/routes.py` → `ideas.routes`; the package itself is ``""``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__")


def layer_of(name):
    """The layer of module `name` (dotted, without `allianz.`)."""
    if "." not in name:
        for layer, names in TOP_LEVEL.items():
            if name in names:
                return layer
        return SERVICE if (ROOT / name).is_dir() else WEB
    last = name.rsplit(".", 1)[1]
    parts = set(name.split("."))
    if last == "queries":
        return QUERIES
    if parts & WEB_NAMES or last.endswith(("_routes", "_forms")):
        return WEB
    return SERVICE


def imports_of(path, modules):
    """[(line, imported module)] for every `allianz` import in `path` (lazy ones included)."""
    name = module_name(path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name.removeprefix("allianz.").removeprefix("allianz") for alias in node.names
                       if alias.name.split(".")[0] == "allianz"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = [p for p in name.split(".") if p]
                base = base if is_package else base[:-1]
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "allianz":
                prefix = node.module.removeprefix("allianz").removeprefix(".")
            else:
                continue
            for alias in node.names:
                candidate = f"{prefix}.{alias.name}" if prefix else alias.name
                targets.append(candidate if candidate in modules else prefix)
        for target in targets:
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                found.append((node.lineno, target))
    return found


def dependency_graph():
    """{module: [(line, imported)]}, where importing `a.b.c` from outside package `a` also imports `a`
    (Python runs the package's `__init__` first); the top package `allianz` is left out of that."""
    paths = {module_name(path): path for path in ROOT.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        edges = []
        for line, target in imports_of(path, paths):
            edges.append((line, target))
            parts = target.split(".")
            for depth in range(1, len(parts)):
                package = ".".join(parts[:depth])
                if not (name == package or name.startswith(package + ".")):
                    edges.append((line, package))
        graph[name] = edges
    return graph, paths


GRAPH, PATHS = dependency_graph()


def where(importer, line):
    """`allianz/x/y.py:12` for messages."""
    return f"{PATHS[importer].relative_to(ROOT.parent)}:{line}"


def find_circles(graph, where=where):
    """Every import circle, each as a readable chain with the line that closes each step."""
    digraph = nx.DiGraph()
    lines = {}
    for importer, edges in graph.items():
        for line, target in edges:
            digraph.add_edge(importer, target)
            lines.setdefault((importer, target), line)
    circles = []
    for component in nx.strongly_connected_components(digraph):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(digraph.subgraph(component))
        steps = [f"allianz.{a or '__init__'} ({where(a, lines[(a, b)])}) → allianz.{b}" for a, b in cycle]
        circles.append("; ".join(steps))
    return sorted(set(circles))


def route_imports(graph, where=where):
    """Imports of another package's routes (only the app factory may register them)."""
    found = []
    for importer, edges in graph.items():
        for line, target in edges:
            if importer == "":
                continue
            if target.endswith("routes") or ".routes." in target:
                importer_package = importer.rsplit(".", 1)[0] if "." in importer else importer
                target_package = target.split(".routes")[0]
                if importer_package != target_package:
                    found.append(f"{where(importer, line)}: allianz.{importer} imports allianz.{target} "
                                 "(routes are only registered by the app factory)")
    return sorted(set(found))


def upward_imports(graph, where=where):
    """Imports from a lower layer into a higher one, and routes that skip the service to reach Cypher."""
    found = []
    for importer, edges in graph.items():
        low = layer_of(importer)
        for line, target in edges:
            high = layer_of(target)
            if high > low and not (target and importer.startswith(target + ".")):
                found.append(f"{where(importer, line)}: allianz.{importer} ({LAYER_NAMES[low]}) imports "
                             f"allianz.{target} ({LAYER_NAMES[high]}), a layer above it")
            elif low == WEB and high in (QUERIES, DATA) and target not in ("visibility",) and importer != "" \
                    and not importer.endswith("cli") and importer not in TOP_LEVEL[WEB]:
                found.append(f"{where(importer, line)}: allianz.{importer} (web) imports allianz.{target} "
                             f"({LAYER_NAMES[high]}): go through the domain's service")
    return sorted(set(found))


def foreign_queries(graph, where=where):
    """Imports of another domain's Cypher: a domain's queries are bound only by that domain."""
    found = []
    for importer, edges in graph.items():
        for line, target in edges:
            if layer_of(target) == QUERIES:
                domain = target.rsplit(".", 1)[0]
                if not (importer == domain or importer.startswith(domain + ".")):
                    found.append(f"{where(importer, line)}: allianz.{importer} imports allianz.{target}, the Cypher of "
                                 "another domain: ask that domain's service")
    return sorted(set(found))


def test_no_import_circle_anywhere_in_allianz():
    circles = find_circles(GRAPH)
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_no_module_imports_another_packages_routes():
    found = route_imports(GRAPH)
    assert not found, "\n".join(found)


def test_dependencies_point_one_way():
    found = upward_imports(GRAPH)
    assert not found, "\n".join(found)


def test_only_its_own_domain_binds_a_domains_cypher():
    found = foreign_queries(GRAPH)
    assert not found, "\n".join(found)


def test_the_network_snapshot_does_not_reach_into_its_warming():
    targets = {target for _line, target in GRAPH["network.snapshot"]}
    assert not {t for t in targets if t.startswith("network.warm") or t.startswith("network.background")}


@pytest.mark.parametrize("broken, expected", [
    ({"a.service": [(3, "b.service")], "b.service": [(7, "a.service")]}, "circle"),
    ({"a.routes": [(5, "b.routes")], "b.routes": []}, "routes"),
    ({"a.queries": [(2, "a.service")], "a.service": []}, "upward"),
    ({"a.routes": [(9, "a.queries")], "a.queries": []}, "upward"),
    ({"b.service": [(4, "a.queries")], "a.queries": []}, "foreign"),
])
def test_the_checks_find_what_they_look_for(broken, expected):
    """Each check fails on a deliberately broken graph, naming the place (module:line)."""
    check = {"circle": find_circles, "routes": route_imports, "upward": upward_imports,
             "foreign": foreign_queries}[expected]
    found = check(broken, where=lambda importer, line: f"{importer}:{line}")
    importer, edges = next((name, edges) for name, edges in broken.items() if edges)
    assert found and any(f"{importer}:{edges[0][0]}" in message for message in found)
