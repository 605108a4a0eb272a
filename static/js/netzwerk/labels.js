// Labels that never overlap, for both halves of the picture (the first look drawn by picture.js and the
// interactive one of engine.js): `view` says where a point of the layout is on screen (toDOM) and the zoom.
export const LABEL_PX = 13;

// Labels are drawn by the page on the picture's canvas at a constant size on screen, in
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

export function placeLabels(ctx, view, nodes, positions, state, px) {
  const canvas = ctx.canvas;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const ratio = canvas.width / (width || 1);
  const scale = view.scale;
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
    const point = view.toDOM(position);
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
    const point = view.toDOM(position);
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
