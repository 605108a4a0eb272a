// The interactive picture: vis-network takes over from the first look (preview.js) at the same view, when the
// visitor reaches for the picture (picture.js loads this module and vis-network's script only then). It
// answers the page's actions: select, focus on a node (search), zoom, pan, fit, reset. Tooltips are plain
// strings (vis-network 9 shows a string title as text); labels are drawn by labels.js.
import { localPath, showDetails } from "./dom.js";
import { LABEL_PX, placeLabels } from "./labels.js";
import { DIM } from "./preview.js";

const MAX_FOCUS_SCALE = 1.6;

// vis-network gets only what it draws (details, names and facts stay in the page's data): less to copy and check.
function drawnEdge(edge) {
  const out = { id: edge.id, from: edge.from, to: edge.to, width: edge.width, title: String(edge.title || "") };
  if (edge.value != null) out.value = edge.value;
  if (edge.dashes) out.dashes = true;
  if (edge.color) out.color = edge.color;
  return out;
}

// Start vis-network in `container` at `view` (the first look's), with `selected` selected; returns the actions.
export function start({ data, drawn, labelled, container, panel, view, selected, intro, firstLook }) {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const nodes = new vis.DataSet(drawn.map((node) => ({ ...node, title: String(node.title || "") })));
  const edges = new vis.DataSet(data.edges.map(drawnEdge));
  const network = new vis.Network(container, { nodes, edges }, data.options || {});
  network.moveTo({ position: view.position, scale: view.scale, animation: false });
  const state = { selected: null, near: new Set(), hover: null };
  // Where vis-network draws each node (getPositions() rounds to whole units: labels would drift off at a zoom).
  const exact = () => Object.fromEntries(Object.entries(network.body.nodes).map(([id, n]) => [id, { x: n.x, y: n.y }]));
  let positions = exact();
  const screen = () => ({ scale: network.getScale(), toDOM: (p) => network.canvasToDOM(p) });

  network.on("beforeDrawing", (ctx) => {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });
  network.on("dragEnd", (params) => {
    positions = exact();
    if (params.nodes && params.nodes.length) state.moved = true; // the server's decision assumed where it was
  });
  network.on("zoom", () => { delete container.dataset.selectedAt; });
  network.on("afterDrawing", (ctx) => {
    const boxes = placeLabels(ctx, screen(), labelled, positions, state, LABEL_PX);
    container.dataset.labels = JSON.stringify(boxes);
    container.dataset.scale = network.getScale().toFixed(3);
  });

  // Neighbour highlighting: the selected node and its neighbours as they are, the rest dimmed.
  const highlight = (id) => {
    state.selected = id;
    state.near = new Set(id ? [id, ...network.getConnectedNodes(id)] : []);
    nodes.update(data.nodes.map((node) => ({ id: node.id, opacity: !id || state.near.has(node.id) ? 1 : DIM })));
    const connected = new Set(id ? network.getConnectedEdges(id) : []);
    edges.update(data.edges.map((edge) => {
      const base = edge.color && typeof edge.color === "object" ? edge.color : { color: "#9aa5b1", highlight: "#1b1f24" };
      return { id: edge.id, color: { ...base, opacity: !id || connected.has(edge.id) ? 1 : DIM / 2 } };
    }));
    if (id) network.selectNodes([id]);
    else network.unselectAll();
  };

  // Selecting never zooms: the picture stays as it is; only a node outside the frame is brought into it.
  const select = (id, moveFocus) => {
    const node = byId.get(id);
    if (!node) return;
    highlight(id);
    let point = network.canvasToDOM(positions[id]);
    if (point.x < 0 || point.y < 0 || point.x > container.clientWidth || point.y > container.clientHeight) {
      network.moveTo({ position: positions[id], animation: false });
      point = network.canvasToDOM(positions[id]);
    }
    container.dataset.selectedAt = `${Math.round(point.x)},${Math.round(point.y)}`;
    showDetails(node, panel);
    if (moveFocus) panel.focus({ preventScroll: true });
  };
  const fit = () => network.fit({ animation: false });
  const zoom = (factor) => network.moveTo({ scale: network.getScale() * factor, animation: false });
  const pan = (dx, dy) => {
    const at = network.getViewPosition();
    const scale = network.getScale();
    network.moveTo({ position: { x: at.x + dx / scale, y: at.y + dy / scale }, animation: false });
  };
  const reset = () => {
    highlight(null);
    showDetails(null, panel);
    panel.querySelector("#details-inhalt").append(...intro.map((child) => child.cloneNode(true)));
    fit();
  };
  // Search: select the node and show it with its neighbours, never closer than MAX_FOCUS_SCALE.
  const focusOn = (id) => {
    select(id, false);
    network.fit({ nodes: [...state.near], animation: false });
    if (network.getScale() > MAX_FOCUS_SCALE) network.moveTo({ scale: MAX_FOCUS_SCALE, animation: false });
  };

  network.on("click", (params) => {
    if (params.nodes && params.nodes.length) select(params.nodes[0], false);
    else if (state.selected) reset();
  });
  network.on("hoverNode", (params) => { state.hover = params.node; network.redraw(); });
  network.on("blurNode", () => { state.hover = null; network.redraw(); });
  // A community (super-node) opens its members on a double click, as its "open" link does.
  network.on("doubleClick", (params) => {
    const node = params.nodes && params.nodes.length ? byId.get(params.nodes[0]) : null;
    const link = node && node.type === "community" ? ((node.details || {}).links || [])[0] : null;
    if (link && localPath(link[1])) window.location.assign(link[1]);
  });
  window.addEventListener("resize", () => { if (!state.selected) fit(); });
  network.once("afterDrawing", () => {
    firstLook.remove();
    container.dataset.engine = "vis-network";
  });
  // Touch screens: one finger scrolls the page unless "Bild bewegen" is on (picture.js keeps data-move).
  const move = (on) => {
    container.dataset.move = on ? "on" : "off";
    network.setOptions({ interaction: { dragView: on || !touch, zoomView: true } });
  };
  const touch = container.dataset.touch === "true";
  move(container.dataset.move === "on");
  if (selected) select(selected, false);
  container.__network = network;
  container.__picture = { domPositions: () => Object.fromEntries(
    Object.entries(exact()).map(([id, p]) => [id, network.canvasToDOM(p)])) };
  return { select, focusOn, fit, zoom, pan, reset, move, selected: () => state.selected };
}
