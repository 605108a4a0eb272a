// The network picture of any view (one script for all: the page says which data to load). It loads the view's
// JSON, draws the first look at once without vis-network (preview.js: the server's positions, fitted, labels
// that fit), and wires the controls, the side panel, the table twin and the PNG export. vis-network's 470 KB
// script and engine.js are loaded only when the visitor reaches for the picture (pointer over it, a touch, the
// focus in it or its toolbar, a table's "Im Bild zeigen"); every action waits for them, then runs.
// The state is in the DOM for tests and assistive tech: data-state (loading|pending|still|empty|error),
// data-engine (preview|vis-network), data-nodes / data-edges (drawn), data-labels (the label boxes drawn, as
// JSON), data-selected (the node in the side panel) and data-selected-at (where it is drawn), data-scale (zoom).
import { findNode, localPath, message, showDetails } from "./dom.js";
import { firstLook } from "./preview.js";

const ZOOM_STEP = 1.35;
const PAN_PX = 80;
const MAX_WAITS = 60; // HTTP 202: the server computes the picture in the background; ask again, this often

function start() {
  const container = document.getElementById("netzwerk-bild");
  const status = document.getElementById("netzwerk-status");
  const panel = document.getElementById("netzwerk-details");
  if (!container) return;
  container.dataset.state = "loading";
  load(container, status, panel, 0);
}

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

// A script of the app (vis-network), added once; resolves when it has run.
function script(src) {
  return new Promise((resolve, reject) => {
    const element = document.createElement("script");
    element.src = src;
    element.onload = resolve;
    element.onerror = () => reject(new Error(src));
    document.head.append(element);
  });
}

// The nodes as the pictures draw them: the server lays pictures out wider than high; a portrait frame (a
// phone) gets them turned by 90°.
function drawnNodes(data, portrait) {
  return data.nodes.map((node) => {
    const out = { id: node.id, x: node.x, y: node.y, size: node.size, shape: node.shape, color: node.color,
      title: node.title };
    if (node.borderWidth) out.borderWidth = node.borderWidth;
    return portrait ? { ...out, x: node.y, y: node.x } : out;
  });
}

function neighbours(data, id) {
  const near = new Set([id]);
  for (const edge of data.edges) {
    if (edge.from === id) near.add(edge.to);
    if (edge.to === id) near.add(edge.from);
  }
  return near;
}

function draw(data, container, status, panel) {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  if (data.nodes.length === 0) {
    container.dataset.state = "empty";
    container.dataset.nodes = "0";
    status.textContent = message(container, "msgEmpty");
    return;
  }
  const portrait = container.clientHeight > container.clientWidth * 1.1;
  const drawn = drawnNodes(data, portrait);
  // Both halves draw the label text from the data (drawn nodes carry no label: vis-network draws none) as the
  // server decided it for this frame's orientation (labels.js).
  const labelled = drawn.map((node) => {
    const { label, rank, label_box: box } = byId.get(node.id);
    const [at, spot] = box ? box[portrait ? "tall" : "wide"] : [null, 0];
    return { ...node, label, rank, w: box ? box.w : 0, at, spot };
  });
  const look = firstLook(container, labelled, data.edges);
  const focus = data.focus && byId.has(data.focus) ? data.focus : null;
  const lookState = { selected: focus, near: focus ? neighbours(data, focus) : new Set(), hover: null };
  look.draw(lookState);
  container.__picture = { domPositions: look.domPositions };
  container.dataset.engine = "preview";
  container.dataset.nodes = String(data.nodes.length);
  container.dataset.edges = String(data.edges.length);
  container.dataset.state = "still";
  status.textContent = message(container, "msgDrawn", { nodes: data.nodes.length, edges: data.edges.length });
  const intro = [...panel.querySelector("#details-inhalt").childNodes].map((child) => child.cloneNode(true));
  if (focus) showDetails(byId.get(focus), panel);

  // vis-network and engine.js, loaded once, on the first sign that the visitor wants to use the picture.
  let engine = null;
  const live = () => engine !== null && container.dataset.engine === "vis-network";
  const loadEngine = () => {
    if (!engine) {
      engine = Promise.all([script(container.dataset.visSrc),
        import(container.dataset.engineModule)])
        .then(([, module]) => module.start({ data, drawn, labelled, container, panel, view: look.view, intro,
          selected: lookState.selected, firstLook: look }))
        .catch((error) => {
          status.textContent = message(container, "msgError", { error: error.message });
          throw error;
        });
    }
    return engine;
  };
  const act = (name, ...args) => loadEngine().then((actions) => actions[name](...args));
  const stage = container.closest(".network-stage") || container;
  for (const type of ["pointerover", "touchstart", "focusin"]) {
    stage.addEventListener(type, () => { loadEngine().catch(() => {}); }, { once: true, passive: true });
  }
  window.addEventListener("resize", () => { if (!engine) look.draw(); });

  // A click on the picture focuses it without scrolling the page (the first click selects). Until vis-network
  // has taken over, a click on the first look selects the node under the pointer once the engine is there.
  let downOnLook = false;
  container.addEventListener("mousedown", (event) => {
    event.preventDefault();
    downOnLook = !live();
    container.focus({ preventScroll: true });
  });
  const pointIn = (event) => {
    const frame = container.getBoundingClientRect();
    return [event.clientX - frame.left, event.clientY - frame.top];
  };
  container.addEventListener("click", (event) => {
    if (!downOnLook) return;
    downOnLook = false;
    const id = look.nodeAt(...pointIn(event));
    if (id) act("select", id, false);
    else if (lookState.selected) act("reset");
  });
  container.addEventListener("dblclick", (event) => {
    if (live()) return;
    const node = byId.get(look.nodeAt(...pointIn(event)));
    const link = node && node.type === "community" ? ((node.details || {}).links || [])[0] : null;
    if (link && localPath(link[1])) window.location.assign(link[1]);
  });
  container.addEventListener("keydown", (event) => {
    const keys = {
      "+": ["zoom", ZOOM_STEP], "=": ["zoom", ZOOM_STEP], "-": ["zoom", 1 / ZOOM_STEP], "0": ["fit"],
      Escape: ["reset"], ArrowLeft: ["pan", -PAN_PX, 0], ArrowRight: ["pan", PAN_PX, 0],
      ArrowUp: ["pan", 0, -PAN_PX], ArrowDown: ["pan", 0, PAN_PX],
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    act(...action);
  });

  // Touch screens (a phone): one finger scrolls the page, "Bild bewegen" lets it move the picture instead.
  const touch = navigator.maxTouchPoints > 0 && window.matchMedia("(pointer: coarse)").matches;
  container.dataset.touch = touch ? "true" : "false";
  const moveToggle = document.getElementById("netzwerk-bewegen");
  if (touch && moveToggle) {
    moveToggle.hidden = false;
    const hint = document.getElementById("netzwerk-touch");
    if (hint) { hint.textContent = message(container, "msgTouch"); hint.hidden = false; }
    moveToggle.addEventListener("click", () => {
      const on = moveToggle.getAttribute("aria-pressed") !== "true";
      moveToggle.setAttribute("aria-pressed", on ? "true" : "false");
      container.dataset.move = on ? "on" : "off";
      if (engine) act("move", on);
    });
  }
  const close = document.getElementById("details-schliessen");
  if (close) close.addEventListener("click", () => act("reset"));

  const tools = document.getElementById("netzwerk-werkzeuge");
  if (tools) {
    tools.hidden = false;
    const actions = { "zoom-in": ["zoom", ZOOM_STEP], "zoom-out": ["zoom", 1 / ZOOM_STEP], fit: ["fit"], reset: ["reset"] };
    for (const button of tools.querySelectorAll("button[data-action]")) {
      button.addEventListener("click", () => act(...actions[button.dataset.action]));
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
      const found = findNode(data.nodes, input.value);
      if (!found) {
        status.textContent = message(container, "msgNotFound", { text: input.value });
        return;
      }
      act("focusOn", found.id).then(() => {
        status.textContent = message(container, "msgFound", { name: found.name || found.label });
      });
    });
  }
  for (const button of document.querySelectorAll("button.show-node")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      act("select", button.dataset.node, true);
      container.scrollIntoView({ block: "nearest" });
    });
  }
  const png = document.getElementById("export-png");
  if (png) {
    png.hidden = false;
    png.addEventListener("click", () => {
      const canvas = live() ? container.querySelector(".vis-network canvas") : look.canvas;
      if (!canvas) return;
      exported(canvas, data, container).toBlob((blob) => {
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
}

// The PNG to save: the picture at twice its size with a title, the date and the filters above it and the
// legend below it, so that the file explains itself wherever it ends up.
const EXPORT_SCALE = 2;
function exported(picture, data, container) {
  const lang = document.documentElement.lang || "de";
  const width = Math.max(picture.width, 900);
  const legend = data.legend || [];
  const font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  const columns = Math.max(1, Math.floor(width / (230 * EXPORT_SCALE / 2)));
  const legendRows = Math.ceil(legend.length / columns);
  const head = 86 * EXPORT_SCALE / 2;
  const foot = (legendRows * 26 + (data.size_by ? 40 : 0) + 24) * EXPORT_SCALE / 2;
  const out = document.createElement("canvas");
  out.width = width;
  out.height = head + picture.height + foot;
  const ctx = out.getContext("2d");
  const px = (n) => Math.round(n * EXPORT_SCALE / 2);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = "#1b1f24";
  ctx.font = `700 ${px(26)}px ${font}`;
  ctx.fillText(container.dataset.exportTitle || "", px(16), px(34));
  ctx.font = `${px(15)}px ${font}`;
  ctx.fillStyle = "#4b5560";
  const stamp = new Date().toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
  ctx.fillText(`${stamp} · ${container.dataset.exportCaption || ""}`, px(16), px(64));
  ctx.drawImage(picture, Math.round((width - picture.width) / 2), head);
  let y = head + picture.height + px(26);
  ctx.font = `${px(14)}px ${font}`;
  legend.forEach((entry, i) => {
    const x = px(16) + (i % columns) * Math.floor((width - px(32)) / columns);
    const rowY = y + Math.floor(i / columns) * px(26);
    ctx.fillStyle = entry.color || "#1b1f24";
    ctx.strokeStyle = "#1b1f24";
    ctx.beginPath();
    if (entry.shape === "line") { ctx.lineWidth = px(3); ctx.strokeStyle = ctx.fillStyle; ctx.moveTo(x, rowY - px(5)); ctx.lineTo(x + px(18), rowY - px(5)); ctx.stroke(); }
    else if (entry.shape === "square") { ctx.rect(x + px(2), rowY - px(13), px(14), px(14)); ctx.fill(); ctx.lineWidth = 1; ctx.stroke(); }
    else { ctx.arc(x + px(9), rowY - px(6), px(7), 0, 2 * Math.PI); ctx.fill(); ctx.lineWidth = 1; ctx.stroke(); }
    ctx.fillStyle = "#1b1f24";
    ctx.fillText(String(entry.label || ""), x + px(26), rowY);
  });
  y += legendRows * px(26);
  if (data.size_by) {
    ctx.fillStyle = "#4b5560";
    ctx.font = `${px(13)}px ${font}`;
    ctx.fillText(String(data.size_by).split(". ")[0], px(16), y + px(14));
  }
  return out;
}

start();
