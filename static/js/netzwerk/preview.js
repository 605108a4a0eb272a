// The first look of a picture, drawn without vis-network: the server's positions fitted to the frame the way
// vis-network's fit() does it, the edges, the nodes and the labels that fit, on a plain canvas. It knows which
// node is under a point, so the first click selects; vis-network (engine.js) takes over from the same view
// when the visitor reaches for the picture, so nothing jumps.
import { LABEL_PX, placeLabels } from "./labels.js";

const EDGE_COLOR = "#9aa5b1";
const BORDER_COLOR = "#1b1f24";
const SELECTED_EDGE = "#1b1f24"; // style.options(): edges.color.highlight
const DEFAULT_SIZE = 25; // vis-network's default node size
const ZOOM_RANGE = [0.02, 10]; // vis-network's minZoomLevel and maxZoomLevel
const EDGE_SCALING = [1, 6]; // style.options(): edges.scaling
export const DIM = 0.18; // the opacity of the nodes a selection dims (edges: half of it)

// The view vis-network's fit() would choose: every node's box inside the frame with a 10 % margin.
export function fitted(nodes, width, height) {
  if (!nodes.length) return { position: { x: 0, y: 0 }, scale: 1 };
  let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity;
  for (const node of nodes) {
    const size = Number(node.size) || DEFAULT_SIZE;
    minX = Math.min(minX, node.x - size);
    maxX = Math.max(maxX, node.x + size);
    minY = Math.min(minY, node.y - size);
    maxY = Math.max(maxY, node.y + size);
  }
  const scale = Math.min(width / (1.1 * (maxX - minX)), height / (1.1 * (maxY - minY)));
  return { position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 },
    scale: Math.min(Math.max(scale, ZOOM_RANGE[0]), ZOOM_RANGE[1]) };
}

// An edge's width as vis-network scales it: by `value` between the scaling's min and max, else its `width`.
function edgeWidths(edges) {
  const values = edges.map((edge) => edge.value).filter((value) => value != null);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return (edge) => {
    if (edge.value == null) return Number(edge.width) || 1;
    const share = high === low ? 0.5 : (edge.value - low) / (high - low);
    return EDGE_SCALING[0] + share * (EDGE_SCALING[1] - EDGE_SCALING[0]);
  };
}

// The outline of a node's shape (vis-network's shapes), at (x, y) with radius r, in layout units.
function outline(ctx, shape, x, y, r) {
  ctx.beginPath();
  if (shape === "square") {
    ctx.rect(x - r, y - r, 2 * r, 2 * r);
  } else if (shape === "triangle") {
    const s = 2 * r * 1.15;
    const inner = (Math.sqrt(3) / 6) * s;
    const top = y + 0.275 * r * 1.15 - (Math.sqrt(3) / 2 * s - inner);
    const base = y + 0.275 * r * 1.15 + inner;
    ctx.moveTo(x, top);
    ctx.lineTo(x + s / 2, base);
    ctx.lineTo(x - s / 2, base);
  } else if (shape === "hexagon") {
    for (let i = 0; i < 6; i++) ctx.lineTo(x + r * Math.cos((Math.PI / 3) * i), y + r * Math.sin((Math.PI / 3) * i));
  } else if (shape === "star") {
    const outer = r * 0.82;
    for (let n = 0; n < 10; n++) {
      const radius = n % 2 === 0 ? outer * 1.3 : outer * 0.5;
      ctx.lineTo(x + radius * Math.sin((n * Math.PI) / 5), y + 0.1 * outer - radius * Math.cos((n * Math.PI) / 5));
    }
  } else {
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.closePath();
}

function fill(color) {
  return color && typeof color === "object" ? color.background || EDGE_COLOR : color || EDGE_COLOR;
}

function border(color) {
  return color && typeof color === "object" && color.border ? color.border : BORDER_COLOR;
}

// The first look in `container`: returns { view, positions, draw(state), nodeAt(x, y), remove() }.
export function firstLook(container, nodes, edges) {
  const canvas = document.createElement("canvas");
  canvas.className = "network-first-look";
  container.append(canvas);
  const positions = Object.fromEntries(nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
  const widthOf = edgeWidths(edges);
  const look = { positions, canvas, view: null };
  let last = { selected: null, near: new Set(), hover: null };

  look.draw = (state) => {
    last = state || last;
    const width = container.clientWidth;
    const height = container.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const view = fitted(nodes, width, height);
    const tx = width / 2 - view.position.x * view.scale;
    const ty = height / 2 - view.position.y * view.scale;
    look.view = { ...view, toDOM: (p) => ({ x: p.x * view.scale + tx, y: p.y * view.scale + ty }) };
    const ctx = canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(ratio * view.scale, 0, 0, ratio * view.scale, ratio * tx, ratio * ty);
    const near = last.selected ? last.near : null;
    for (const edge of edges) {
      const from = positions[edge.from];
      const to = positions[edge.to];
      if (!from || !to) continue;
      // As vis-network draws a selection: the selected node's edges dark and 1.5 wider, the rest dimmed.
      const lit = near && (edge.from === last.selected || edge.to === last.selected);
      ctx.globalAlpha = !near || lit ? 1 : DIM / 2;
      ctx.strokeStyle = lit ? SELECTED_EDGE : edge.color && typeof edge.color === "object" ? edge.color.color || EDGE_COLOR : edge.color || EDGE_COLOR;
      ctx.lineWidth = Math.max(widthOf(edge) + (lit ? 1.5 : 0), 0.3 / view.scale);
      ctx.setLineDash(edge.dashes ? [5, 5] : []);
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const node of nodes) {
      ctx.globalAlpha = !near || near.has(node.id) ? 1 : DIM;
      outline(ctx, node.shape, node.x, node.y, Number(node.size) || DEFAULT_SIZE);
      ctx.fillStyle = fill(node.color);
      ctx.fill();
      const selected = node.id === last.selected;
      ctx.lineWidth = (selected ? Math.max(2, Number(node.borderWidth) || 1) : Number(node.borderWidth) || 1) / view.scale;
      ctx.strokeStyle = border(node.color);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const boxes = placeLabels(ctx, look.view, nodes, positions, last, LABEL_PX);
    container.dataset.labels = JSON.stringify(boxes);
    container.dataset.scale = view.scale.toFixed(3);
  };

  // The node drawn under (x, y) (CSS px in the frame), the top-most first; null when there is none.
  look.nodeAt = (x, y) => {
    if (!look.view) return null;
    const px = (x - (container.clientWidth / 2 - look.view.position.x * look.view.scale)) / look.view.scale;
    const py = (y - (container.clientHeight / 2 - look.view.position.y * look.view.scale)) / look.view.scale;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      const size = Number(node.size) || DEFAULT_SIZE;
      if (Math.hypot(node.x - px, node.y - py) <= size) return node.id;
    }
    return null;
  };

  // Where every node is drawn, CSS px in the frame (for tests and the hand-over).
  look.domPositions = () => Object.fromEntries(Object.entries(positions).map(([id, p]) => [id, look.view.toDOM(p)]));
  look.remove = () => canvas.remove();
  return look;
}
