// One network picture: loads the view's JSON from the app, draws it with vis-network (positions come
// from the server, physics off), and wires the side panel, the table twin and the PNG export.
// Everything user-made is set as text (textContent, plain-string tooltips), never as HTML.
// The state is in the DOM for tests and assistive tech: data-state (loading|pending|still|empty|error),
// data-nodes / data-edges (drawn), data-selected (the node in the side panel).

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
  if (!node) return;
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

export function start() {
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

function draw(data, container, status, panel) {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  // Tooltips: plain strings only (vis-network 9 shows a string title as text).
  const nodes = new vis.DataSet(data.nodes.map((node) => ({ ...node, title: String(node.title || "") })));
  const edges = new vis.DataSet(data.edges.map((edge) => ({ ...edge, title: String(edge.title || "") })));
  if (data.nodes.length === 0) {
    container.dataset.state = "empty";
    container.dataset.nodes = "0";
    status.textContent = message(container, "msgEmpty");
    return;
  }
  const network = new vis.Network(container, { nodes, edges }, data.options || {});
  network.on("beforeDrawing", (ctx) => {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });
  const select = (id, moveFocus) => {
    const node = byId.get(id);
    if (!node) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    showDetails(node, panel);
    if (moveFocus) panel.focus();
  };
  network.on("click", (params) => {
    if (params.nodes && params.nodes.length) select(params.nodes[0], false);
  });
  // A community (super-node) opens its members on a double click, as its "open" link does.
  network.on("doubleClick", (params) => {
    const node = params.nodes && params.nodes.length ? byId.get(params.nodes[0]) : null;
    const link = node && node.type === "community" ? ((node.details || {}).links || [])[0] : null;
    if (link && localPath(link[1])) window.location.assign(link[1]);
  });
  network.once("afterDrawing", () => {
    const drawn = Object.keys(network.getPositions()).length;
    container.dataset.nodes = String(drawn);
    container.dataset.edges = String(edges.length);
    container.dataset.state = "still";
    status.textContent = message(container, "msgDrawn", { nodes: drawn, edges: edges.length });
    if (data.focus && byId.has(data.focus)) select(data.focus, false);
  });
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
