"""Where the nodes of a picture sit: a seeded spring layout on the server, stretched to the frame's shape."""
import networkx as nx

WARM_ITERATIONS = 5  # iterations when most nodes start where an earlier picture of this revision put them
ASPECT = 1.6         # width : height of the picture's frame on a wide screen
SMALL = 150          # up to this many connected nodes, Kamada–Kawai (even spacing); above, a spring layout


def layout(nodes, edges, seed=7, memory=None):
    """Positions {node id: (x, y)}: networkx's spring layout for the connected nodes (with an iteration
    budget for large pictures), stretched to the frame's shape; the unconnected ones in rows below.

    `memory` ({node id: unit position}, kept per snapshot) makes new pictures fast and stable: when most
    nodes were laid out before at this revision, they start there and a few iterations settle the rest;
    positions of nodes laid out for the first time are remembered. Positions are whole units: vis-network
    draws a node at the whole part of its x and y, and the first look and the label placement must agree."""
    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(node["id"] for node in nodes)
    graph.add_edges_from((edge["from"], edge["to"]) for edge in edges)
    linked = [key for key in graph if graph.degree(key)]
    lonely = [node["id"] for node in nodes if not graph.degree(node["id"])]
    positions, left, right, bottom = {}, 0.0, 0.0, 0.0
    if linked:
        count = len(linked)
        iterations = 50 if count <= 100 else 30 if count <= 400 else 15
        known = {key: memory[key] for key in linked if key in memory} if memory is not None else {}
        if len(known) * 2 >= count:
            iterations = min(iterations, WARM_ITERATIONS)
        part = graph.subgraph(linked)
        if count <= SMALL and len(known) < count:
            found = nx.kamada_kawai_layout(part)  # small pictures: evenly spread, nothing piled in the middle
        else:
            found = nx.spring_layout(part, pos=known or None, seed=seed, iterations=iterations,
                                     k=2.0 / count ** 0.5, method="force")
        if memory is not None:
            for key, (x, y) in found.items():
                memory.setdefault(key, (float(x), float(y)))
        positions = stretched(found, 90 + 60 * count ** 0.5)
        left = min(x for x, _ in positions.values())
        right = max(x for x, _ in positions.values())
        bottom = max(y for _, y in positions.values()) + 120
    per_row = max(5, int((right - left) / 150) + 1) if linked else max(6, int(2 * len(lonely) ** 0.5))
    for index, key in enumerate(lonely):
        positions[key] = (round(left + (index % per_row) * 150), round(bottom + (index // per_row) * 80))
    return positions


def stretched(found, scale):
    """Unit positions centred and scaled to `scale`, wider than high (ASPECT), so the picture fills its frame."""
    xs = [float(x) for x, _ in found.values()]
    ys = [float(y) for _, y in found.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    sx, sy = scale * ASPECT ** 0.5 * 2 / width, scale / ASPECT ** 0.5 * 2 / height
    return {key: (round((float(x) - cx) * sx), round((float(y) - cy) * sy)) for key, (x, y) in found.items()}
