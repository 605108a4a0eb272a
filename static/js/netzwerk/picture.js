// The network picture of any view (one script for all: the page says which data to load): loads the view's JSON from the app, draws it with vis-network (positions come
// from the server, physics off), and wires the controls, the side panel, the table twin and the PNG export.
// Everything user-made is set as text (textContent, plain-string tooltips), never as HTML.
// The state is in the DOM for tests and assistive tech: data-state (loading|pending|still|empty|error),
// data-nodes / data-edges (drawn), data-labels (the label boxes drawn, as JSON), data-selected (the node in
// the side panel) and data-selected-at (where it is drawn, CSS px in the frame), data-scale (the zoom).

const LABEL_PX = 13;

// Labels that never overlap: drawn by the page on vis-network's canvas at a constant size on screen, in
// order of importance (the selected node and its neighbours, the hovered node, then by the server's rank,
// which follows the centrality the legend names). A label that would overlap one already drawn, or leave
// the frame, or cover another node, is left out; zooming in makes room, so more labels appear.
// Returns the label boxes drawn (CSS px).
const CELL = 64;
const FIRST = 8; // the most important labels may cover other nodes rather than be left out
const widths = new Map();

function measure(ctx, label, font) {
  const key = `${font}|${label}`;
  if (!widths.has(key)) widths.set(key, ctx.measureText(label).width);
  return widths.get(key);
}

function order(nodes, state) {
  const first = [];
  if (state.selected) first.push(state.selected);
  if (state.hover && state.hover !== state.selected) first.push(state.hover);
  const near = nodes.filter((n) => state.near.has(n.id) && !first.includes(n.id)).sort((a, b) => a.rank - b.rank);
  const rest = nodes.filter((n) => !state.near.has(n.id) && !first.includes(n.id)).sort((a, b) => a.rank - b.rank);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return [...first.map((id) => byId.get(id)).filter(Boolean), ...near, ...rest];
}

function placeLabels(ctx, network, nodes, positions, state, px) {
  const canvas = ctx.canvas;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const ratio = canvas.width / (width || 1);
  const scale = network.getScale();
  const font = `${px}px system-ui, sans-serif`;
  const lineHeight = Math.round(px * 1.3);
  const grid = new Map();
  const boxes = [];
  const collides = (box) => {
    for (let cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.w) / CELL); cx++) {
      for (let cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.h) / CELL); cy++) {
        for (const other of grid.get(`${cx},${cy}`) || []) {
          if (other.node && (other.id === box.id || box.overNodes)) continue;
          if (box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h) return true;
        }
      }
    }
    return false;
  };
  const register = (box) => {
    for (let cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.w) / CELL); cx++) {
      for (let cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.h) / CELL); cy++) {
        const key = `${cx},${cy}`;
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(box);
      }
    }
  };
  const obstacle = register;
  const keep = (box) => {
    register(box);
    boxes.push(box);
  };
  // Every drawn node is an obstacle (a little smaller than its disc, so neighbours' labels may touch it).
  for (const node of nodes) {
    const position = positions[node.id];
    if (!position) continue;
    const point = network.canvasToDOM(position);
    const r = (Number(node.size) || 10) * scale * 0.8;
    if (point.x + r < 0 || point.y + r < 0 || point.x - r > width || point.y - r > height) continue;
    obstacle({ id: node.id, node: true, x: point.x - r, y: point.y - r, w: 2 * r, h: 2 * r });
  }
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.font = font;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.92)";
  const ranked = order(nodes, state);
  ranked.forEach((node, index) => {
    const label = node.label;
    const position = positions[node.id];
    if (!label || !position) return;
    const point = network.canvasToDOM(position);
    const radius = (Number(node.size) || 10) * scale;
    const w = Math.ceil(measure(ctx, label, font)) + 4;
    const h = lineHeight;
    // Below the node, above it, right of it, left of it; the first few may lie over other nodes.
    const spots = [[point.x - w / 2, point.y + radius + 2], [point.x - w / 2, point.y - radius - 2 - h],
                   [point.x + radius + 3, point.y - h / 2], [point.x - radius - 3 - w, point.y - h / 2]];
    const tries = index < FIRST ? [false, true] : [false];
    for (const overNodes of tries) {
      for (const [x, y] of spots) {
        const box = { id: node.id, x: Math.round(x), y: Math.round(y), w, h, overNodes };
        if (box.x < 0 || box.y < 0 || box.x + box.w > width || box.y + box.h > height) continue;
        if (collides(box)) continue;
        delete box.overNodes;
        keep(box);
        const faded = state.selected && !state.near.has(node.id);
        ctx.fillStyle = faded ? "#8a939c" : "#1b1f24";
        ctx.strokeText(label, box.x + w / 2, box.y + 1);
        ctx.fillText(label, box.x + w / 2, box.y + 1);
        return;
      }
    }
  });
  ctx.restore();
  return boxes;
}
const ZOOM_STEP = 1.35;
const PAN_PX = 80;
const MAX_FOCUS_SCALE = 1.6;
const DIM = 0.18;

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content == null ? "" : String(content);
  if (className) element.className = className;
  return element;
}

function message(container, name, values) {
  let template = container.dataset[name] || "";
  for (const [key, value] of Object.entries(values || {})) template = template.replace(`{${key}}`, String(value));
  return template;
}

function localPath(href) {
  return typeof href === "string" && href.startsWith("/") && !href.startsWith("//");
}

function showDetails(node, panel) {
  const box = panel.querySelector("#details-inhalt");
  box.replaceChildren();
  if (!node) {
    delete panel.dataset.selected;
    return;
  }
  const details = node.details || {};
  box.append(text("h3", details.heading || node.name || node.label));
  const list = document.createElement("dl");
  for (const [term, value] of details.facts || []) {
    list.append(text("dt", term), text("dd", value));
  }
  box.append(list);
  if (details.text) box.append(text("p", details.text, "prose"));
  const links = document.createElement("ul");
  links.className = "plain-list";
  for (const [label, href] of details.links || []) {
    if (!localPath(href)) continue;
    const item = document.createElement("li");
    const link = text("a", label);
    link.href = href;
    item.append(link);
    links.append(item);
  }
  box.append(links);
  panel.dataset.selected = node.id;
}

function start() {
  const container = document.getElementById("netzwerk-bild");
  const status = document.getElementById("netzwerk-status");
  const panel = document.getElementById("netzwerk-details");
  if (!container || typeof vis === "undefined") {
    if (container) container.dataset.state = "error";
    return;
  }
  container.dataset.state = "loading";
  load(container, status, panel, 0);
}

// HTTP 202: the server computes the picture in the background; show its message and ask again.
const MAX_WAITS = 60;

function load(container, status, panel, waits) {
  fetch(container.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json().then((data) => ({ pending: response.status === 202, data }));
    })
    .then(({ pending, data }) => {
      if (pending && waits < MAX_WAITS) {
        container.dataset.state = "pending";
        status.textContent = String(data.message || "");
        setTimeout(() => load(container, status, panel, waits + 1), 1000 * (Number(data.retry_after) || 2));
        return;
      }
      if (pending) throw new Error("HTTP 202");
      draw(data, container, status, panel);
    })
    .catch((error) => {
      container.dataset.state = "error";
      status.textContent = message(container, "msgError", { error: error.message });
    });
}

function fold(value) {
  return String(value || "").toLocaleLowerCase();
}

// The node a search text means: the same name or label first, then the first (most central) that contains it.
function findNode(data, query) {
  const needle = fold(query).trim();
  if (!needle) return null;
  const byRank = [...data.nodes].sort((a, b) => (a.rank || 0) - (b.rank || 0));
  return byRank.find((n) => fold(n.name) === needle || fold(n.label) === needle)
    || byRank.find((n) => fold(n.name).includes(needle) || fold(n.label).includes(needle)) || null;
}

function draw(data, container, status, panel) {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  if (data.nodes.length === 0) {
    container.dataset.state = "empty";
    container.dataset.nodes = "0";
    status.textContent = message(container, "msgEmpty");
    return;
  }
  // Tooltips: plain strings only (vis-network 9 shows a string title as text). Labels: drawn by placeLabels.
  // The server lays pictures out wider than high; a portrait frame (a phone) gets them turned by 90°.
  const portrait = container.clientHeight > container.clientWidth * 1.1;
  // vis-network gets only what it draws (details, names and facts stay in byId): less to copy and check.
  const drawnNode = (node) => {
    const out = { id: node.id, x: node.x, y: node.y, size: node.size, shape: node.shape, color: node.color,
      title: String(node.title || "") };
    if (node.borderWidth) out.borderWidth = node.borderWidth;
    return portrait ? { ...out, x: node.y, y: node.x } : out;
  };
  const drawnEdge = (edge) => {
    const out = { id: edge.id, from: edge.from, to: edge.to, width: edge.width, title: String(edge.title || "") };
    if (edge.value != null) out.value = edge.value;
    if (edge.dashes) out.dashes = true;
    if (edge.color) out.color = edge.color;
    return out;
  };
  const nodes = new vis.DataSet(data.nodes.map(drawnNode));
  const edges = new vis.DataSet(data.edges.map(drawnEdge));
  const network = new vis.Network(container, { nodes, edges }, data.options || {});
  const state = { selected: null, near: new Set(), hover: null };
  const intro = [...panel.querySelector("#details-inhalt").childNodes].map((child) => child.cloneNode(true));
  let positions = network.getPositions();

  network.on("beforeDrawing", (ctx) => {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });
  network.on("dragEnd", () => { positions = network.getPositions(); });
  network.on("zoom", () => { delete container.dataset.selectedAt; });
  network.on("afterDrawing", (ctx) => {
    const boxes = placeLabels(ctx, network, data.nodes, positions, state, LABEL_PX);
    container.dataset.labels = JSON.stringify(boxes);
    container.dataset.scale = network.getScale().toFixed(3);
  });

  // Neighbour highlighting: the selected node and its neighbours as they are, the rest dimmed.
  const highlight = (id) => {
    state.selected = id;
    state.near = new Set(id ? [id, ...network.getConnectedNodes(id)] : []);
    const nodeUpdates = [];
    for (const node of data.nodes) {
      nodeUpdates.push({ id: node.id, opacity: !id || state.near.has(node.id) ? 1 : DIM });
    }
    nodes.update(nodeUpdates);
    const connected = new Set(id ? network.getConnectedEdges(id) : []);
    const edgeUpdates = [];
    for (const edge of data.edges) {
      const base = edge.color && typeof edge.color === "object" ? edge.color : { color: "#9aa5b1", highlight: "#1b1f24" };
      edgeUpdates.push({ id: edge.id, color: { ...base, opacity: !id || connected.has(edge.id) ? 1 : DIM / 2 } });
    }
    edges.update(edgeUpdates);
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
  const zoom = (factor) => {
    const scale = network.getScale() * factor;
    network.moveTo({ scale, animation: false });
  };
  const pan = (dx, dy) => {
    const view = network.getViewPosition();
    const scale = network.getScale();
    network.moveTo({ position: { x: view.x + dx / scale, y: view.y + dy / scale }, animation: false });
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
  // A click on the picture focuses it without scrolling the page (the first click selects).
  container.addEventListener("mousedown", (event) => {
    event.preventDefault();
    container.focus({ preventScroll: true });
  });
  container.addEventListener("keydown", (event) => {
    const keys = {
      "+": () => zoom(ZOOM_STEP), "=": () => zoom(ZOOM_STEP), "-": () => zoom(1 / ZOOM_STEP),
      "0": fit, Escape: reset, ArrowLeft: () => pan(-PAN_PX, 0), ArrowRight: () => pan(PAN_PX, 0),
      ArrowUp: () => pan(0, -PAN_PX), ArrowDown: () => pan(0, PAN_PX),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  });

  const tools = document.getElementById("netzwerk-werkzeuge");
  if (tools) {
    tools.hidden = false;
    const actions = { "zoom-in": () => zoom(ZOOM_STEP), "zoom-out": () => zoom(1 / ZOOM_STEP), fit, reset };
    for (const button of tools.querySelectorAll("button[data-action]")) {
      button.addEventListener("click", () => actions[button.dataset.action]());
    }
    const names = document.getElementById("netzwerk-namen");
    if (names && data.nodes.length <= 2000) {
      names.replaceChildren(...data.nodes.map((node) => {
        const option = document.createElement("option");
        option.value = String(node.name || node.label);
        return option;
      }));
    }
    const form = document.getElementById("netzwerk-suche");
    const input = document.getElementById("netzwerk-suchfeld");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const found = findNode(data, input.value);
      if (found) {
        focusOn(found.id);
        status.textContent = message(container, "msgFound", { name: found.name || found.label });
      } else {
        status.textContent = message(container, "msgNotFound", { text: input.value });
      }
    });
  }

  network.once("afterDrawing", () => {
    fit();
    const drawn = Object.keys(positions).length;
    container.dataset.nodes = String(drawn);
    container.dataset.edges = String(edges.length);
    container.dataset.state = "still";
    status.textContent = message(container, "msgDrawn", { nodes: drawn, edges: edges.length });
    if (data.focus && byId.has(data.focus)) select(data.focus, false);
  });
  window.addEventListener("resize", () => { if (!state.selected) fit(); });
  for (const button of document.querySelectorAll("button.show-node")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      select(button.dataset.node, true);
      container.scrollIntoView({ block: "nearest" });
    });
  }
  const png = document.getElementById("export-png");
  if (png) {
    png.hidden = false;
    png.addEventListener("click", () => {
      const canvas = container.querySelector("canvas");
      if (!canvas) return;
      canvas.toBlob((blob) => {
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = `netzwerk-${data.view}.png`;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      }, "image/png");
    });
  }
  container.__network = network;
}

start();
