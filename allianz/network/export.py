"""A picture's data as GraphML (for Gephi, yEd, Cytoscape): exactly the visible graph."""
import networkx as nx


def as_graphml(data, about=None):
    """The picture as GraphML: nodes with label, type, kind and position; edges with weight; `about` (a dict of
    texts: licence, date, source) as attributes of the graph itself."""
    graph = nx.Graph(**(about or {}))
    for node in data["nodes"]:
        graph.add_node(node["id"], label=node.get("name") or node["label"], type=node.get("type", ""),
                       kind=node.get("kind") or node.get("status") or "", projects=int(node.get("projects") or 0),
                       x=float(node.get("x") or 0), y=float(node.get("y") or 0))
    for edge in data["edges"]:
        graph.add_edge(edge["from"], edge["to"], weight=int(edge.get("value") or 1), label=str(edge.get("title", "")))
    return "\n".join(nx.generate_graphml(graph))
