"""How the pictures look: colours and shapes (from `allianz.vocabulary`), node size by centrality,
vis-network's options and the legend entries."""
from ..vocabulary import COMPETENCY_COLOR, KIND_COLORS, STATUS_COLORS
from .text import _, kind_text, status_text

COMMUNITY_BORDER = "#1b1f24"
RECOMMENDED_COLOR = "#C1121F"
OTHER_COLOR = "#999999"
EDGE_COLOR = "#9aa5b1"
SHAPES = {"partner": "dot", "project": "square", "competency": "triangle", "community": "hexagon"}
LABEL_PX = 13  # labels are drawn by picture.js at this size on screen, whatever the zoom

__all__ = ["COMPETENCY_COLOR", "KIND_COLORS", "STATUS_COLORS", "COMMUNITY_BORDER", "RECOMMENDED_COLOR",
           "OTHER_COLOR", "EDGE_COLOR", "SHAPES"]


def kind_color(kind):
    """The colour of a partner kind."""
    return KIND_COLORS.get(kind, OTHER_COLOR)


def status_color(status):
    """The colour of a project status."""
    return STATUS_COLORS.get(status, OTHER_COLOR)


def size_for(degree, largest):
    """A node's radius from its degree: 8 px for none, up to 34 px for the most connected of the picture."""
    return round(8 + 26 * (degree / largest) ** 0.5, 1) if largest else 10


def options():
    """vis-network options: positions come from the server, so physics stays off; labels are drawn by
    labels.js as placement.py decided them, so vis-network draws none."""
    return {
        "physics": {"enabled": False, "stabilization": {"enabled": False, "iterations": 100}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True,
                        "keyboard": {"enabled": False}, "navigationButtons": False, "multiselect": False,
                        "zoomSpeed": 0.6},
        "nodes": {"font": {"size": 0}, "borderWidth": 1, "color": {"border": "#1b1f24"}},
        "edges": {"smooth": False, "color": {"color": EDGE_COLOR, "highlight": "#1b1f24", "inherit": False},
                  "scaling": {"min": 1, "max": 6}},
        "layout": {"improvedLayout": False},
    }


def kind_legend(nodes):
    """Legend entries for the partner kinds present in `nodes`."""
    kinds = sorted({node["kind"] for node in nodes if node.get("type") == "partner"}, key=list(KIND_COLORS).index)
    return [{"label": kind_text(kind), "color": KIND_COLORS[kind], "shape": "dot"} for kind in kinds]


def status_legend(nodes):
    """Legend entries for the project statuses present in `nodes`."""
    statuses = sorted({node["status"] for node in nodes if node.get("type") == "project"},
                      key=list(STATUS_COLORS).index)
    return [{"label": _("Projekt: %(status)s", status=status_text(status)), "color": STATUS_COLORS[status],
             "shape": "square"} for status in statuses]


def line(label):
    """A legend entry for a kind of edge."""
    return {"label": label, "shape": "line", "color": EDGE_COLOR}


def degree_note():
    """What a node's size means (the centrality the legend names)."""
    return _("Größe eines Knotens: sein Grad, die Zahl seiner Verbindungen in dieser Auswahl. Beschriftet "
             "sind die am stärksten vernetzten Knoten, deren Name Platz hat, ohne einen anderen Knoten oder "
             "Namen zu verdecken; die übrigen nennt das Bild beim Zeigen, Antippen und Auswählen, beim "
             "Vergrößern kommen Namen hinzu, und die Tabelle nennt alle.")
