"""From a view's nodes and edges to what the browser draws: trimmed edges (no node loses its last one),
sizes and label ranks by degree, positions, and vis-network's data through pyvis (its HTML is never used)."""
import json
from collections import Counter

import networkx as nx
from pyvis.network import Network

from .layout import layout
from .placement import label_boxes
from .style import options, size_for
from .text import _


def edge_limit(nodes):
    """How many edges a picture of `nodes` nodes keeps: enough to read, few enough to draw fast."""
    return max(400, 3 * nodes)


def trim_edges(edges, limit):
    """At most `limit` edges and how many were left out: first a maximum spanning forest (so every node
    that has an edge keeps one and nothing connected falls apart), then the heaviest of the rest."""
    if len(edges) <= limit:
        return edges, 0
    order = sorted(range(len(edges)), key=lambda i: (-edges[i].get("value", 1), edges[i]["from"], edges[i]["to"]))
    graph = nx.Graph()
    for index in order:
        edge = edges[index]
        if not graph.has_edge(edge["from"], edge["to"]):
            graph.add_edge(edge["from"], edge["to"], weight=edge.get("value", 1), index=index)
    forest = {data["index"] for _a, _b, data in nx.maximum_spanning_edges(graph, weight="weight", data=True)}
    kept = set(list(forest)[:limit])
    for index in order:
        if len(kept) >= limit:
            break
        kept.add(index)
    return [edges[i] for i in order if i in kept], len(edges) - len(kept)


def degrees(edges):
    """Counter(node id -> edges at it)."""
    degree = Counter()
    for edge in edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    return degree


def stranded(nodes, edges):
    """Nodes tied to something in the data (`linked`) but to nothing in the picture: drawing them would make
    them look unconnected, so they are left out (and counted)."""
    degree = degrees(edges)
    keep = [node for node in nodes if degree[node["id"]] or not node.get("linked") or node.get("keep")]
    return keep, len(nodes) - len(keep)


def package(view, nodes, edges, hidden, legend, memory=None, **meta):
    """Trim, size, rank, lay out (from `memory`, the snapshot's remembered positions), then let pyvis produce
    vis-network's nodes, edges and options; add the view's facts.

    Size and label rank come from each node's degree among all the edges of the selection (before
    trimming); a node may bring its own `weight` (communities: members) instead. Rank 0 is labelled first:
    `label_box` says from which zoom on each label is shown, and where (placement.py).
    """
    nodes, dropped = stranded(nodes, edges)
    if dropped:
        hidden = dict(hidden, nodes=hidden.get("nodes", 0) + dropped, stranded=dropped, message=" ".join(filter(None, [
            hidden.get("message"), _("%(count)s Knoten sind nicht gezeichnet, weil alle ihre Verbindungen zu "
                                     "ausgeblendeten Knoten führen.", count=dropped)])))
    degree = degrees(edges)
    edges, edges_hidden = trim_edges(edges, edge_limit(len(nodes)))
    if edges_hidden:
        hidden = dict(hidden, edges=hidden.get("edges", 0) + edges_hidden, message=" ".join(filter(None, [
            hidden.get("message"), _("%(count)s schwächere Verbindungen sind ausgeblendet (jeder Knoten behält "
                                     "seine stärkste); die Tabelle und der Export zeigen das Bild, wie es ist. "
                                     "Filter verkleinern das Netz.", count=edges_hidden)])))
    weight = {node["id"]: node.get("weight", degree[node["id"]]) for node in nodes}
    largest = max(weight.values(), default=0)
    ranked = sorted(nodes, key=lambda n: (not n.get("centre"), -weight[n["id"]], n.get("name") or n["label"]))
    rank = {node["id"]: index for index, node in enumerate(ranked)}
    drawn = degrees(edges)
    positions = layout(nodes, edges, memory=memory)
    nodes = [dict(node, size=node.get("size", size_for(weight[node["id"]], largest) + (6 if node.get("centre") else 0)))
             for node in nodes]
    boxes = label_boxes(nodes, positions, [node["id"] for node in ranked])
    net = Network(directed=False)
    for node in nodes:
        node = dict(node)
        node_id = node.pop("id")
        label = node.pop("label")
        node.pop("linked", None)
        x, y = positions.get(node_id, (0, 0))
        net.add_node(node_id, label=label, x=x, y=y, degree=drawn[node_id], rank=rank[node_id],
                     label_box=boxes[node_id], **node)
    net.edges.extend(dict(edge, id=f"e{index}") for index, edge in enumerate(edges))  # add_edge is O(E) a call
    net.options = options()
    vis_nodes, vis_edges, _heading, _height, _width, vis_options = net.get_network_data()
    return {"view": view, "nodes": vis_nodes, "edges": vis_edges, "options": json.loads(vis_options),
            "hidden": hidden, "legend": legend, "counts": {"nodes": len(vis_nodes), "edges": len(vis_edges)},
            **meta}


def hidden_note(nodes_hidden=0, limit=None):
    """What a picture leaves out by its node limit, and how to see it (`package` adds what it trims)."""
    message = ""
    if nodes_hidden:
        message = _("%(count)s weitere Knoten sind ausgeblendet (es werden die %(limit)s am stärksten "
                    "vernetzten gezeigt). Grenzen Sie die Auswahl mit den Filtern ein, erhöhen Sie die "
                    "Höchstzahl oder suchen Sie einen Partner, um ihn einzublenden.", count=nodes_hidden, limit=limit)
    return {"nodes": nodes_hidden, "edges": 0, "message": message}
