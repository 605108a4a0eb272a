// Labels that never lie over another label or over a node, for both halves of the picture (the first look drawn
// by preview.js and the interactive one of engine.js): `view` says where a point of the layout is on screen
// (toDOM) and the zoom (scale).
//
// Which labels show, and where, the server has decided (allianz/network/placement.py): each node's label_box
// says from which zoom on its label fits beside its node without covering a node or a more important label,
// and at which spot. Both halves read that decision, so they show the same labels at the same view; zooming in
// makes room, so more labels appear. A label that would leave the frame moves to another free spot beside its
// node, or is left out. What the visitor points at comes first: the selected and the hovered node are always
// named (over nodes if need be, on a white plate), then the selected node's neighbours where they fit; the
// decided labels that would touch these wait.
// Returns the label boxes drawn (CSS px in the frame).
export const LABEL_PX = 13;
const LINE_PX = Math.round(LABEL_PX * 1.3); // placement.LINE_PX
const GAP_PX = 2; // placement.GAP_PX
const BORDER_PX = 1.5; // placement.BORDER_PX
// placement.SPOTS and placement.EXTENTS: the spots beside a node, and the box around each shape.
const SPOTS = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]];
const EXTENTS = { square: [1, 1], triangle: [1.15, 1.02], star: [1.07, 1.07], hexagon: [1, 0.87] };

function extents(node) {
  const [ex, ey] = EXTENTS[node.shape] || [1, 1];
  const size = Number(node.size) || 10;
  return [ex * size, ey * size];
}

// The label box of `node` drawn at `point` (CSS px) at `scale`, at spot `spot`, `w` px wide.
function boxAt(node, point, scale, spot, w) {
  const [ex, ey] = extents(node);
  const [sx, sy] = SPOTS[spot];
  const ax = point.x + sx * ex * scale;
  const ay = point.y + sy * ey * scale;
  const x = sx === 0 ? ax - w / 2 : sx > 0 ? ax + GAP_PX : ax - GAP_PX - w;
  const y = sy === 0 ? ay - LINE_PX / 2 : sy > 0 ? ay + GAP_PX : ay - GAP_PX - LINE_PX;
  return { id: node.id, x, y, w, h: LINE_PX };
}

function overlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// The box a drawn node covers (its shape's box and its border), CSS px.
function nodeBox(node, point, scale) {
  const [ex, ey] = extents(node);
  return { id: node.id, x: point.x - ex * scale - BORDER_PX, y: point.y - ey * scale - BORDER_PX,
    w: 2 * (ex * scale + BORDER_PX), h: 2 * (ey * scale + BORDER_PX) };
}

// `nodes` carry label, rank, shape, size and the server's decision for this frame's orientation: w, at, spot.
export function placeLabels(ctx, view, nodes, positions, state, px) {
  const canvas = ctx.canvas;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const ratio = canvas.width / (width || 1);
  const scale = view.scale;
  const font = `${px}px system-ui, sans-serif`;
  const points = new Map();
  for (const node of nodes) if (positions[node.id]) points.set(node.id, view.toDOM(positions[node.id]));
  const inside = (box) => box.x >= 0 && box.y >= 0 && box.x + box.w <= width && box.y + box.h <= height;
  const boxes = [];
  const plates = new Set();

  // First what the visitor points at (the decision cannot know it): the selected and the hovered node, then
  // the selected node's neighbours (by rank) where their label covers neither a node nor another label.
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const pointed = [state.selected, state.hover].filter((id, i, all) => id && byId.has(id) && all.indexOf(id) === i);
  const near = nodes.filter((n) => state.near.has(n.id) && !pointed.includes(n.id)).sort((a, b) => a.rank - b.rank);
  let obstacles = null;
  const coversNode = (box) => {
    obstacles = obstacles || nodes.filter((n) => points.has(n.id)).map((n) => nodeBox(n, points.get(n.id), scale));
    return obstacles.some((other) => other.id !== box.id && overlap(box, other));
  };
  const fits = (box) => inside(box) && !boxes.some((other) => overlap(box, other));
  const spotFor = (node, mayCover) => {
    for (let spot = 0; spot < SPOTS.length; spot++) {
      const box = boxAt(node, points.get(node.id), scale, spot, node.w);
      if (fits(box) && (mayCover || !coversNode(box))) return box;
    }
    return null;
  };
  for (const id of pointed) {
    const node = byId.get(id);
    if (!node.label || !points.has(id)) continue;
    let box = spotFor(node, false);
    if (!box) {
      box = spotFor(node, true);
      if (box) plates.add(box);
    }
    if (box) boxes.push(box);
  }
  for (const node of near) {
    if (!node.label || !points.has(node.id)) continue;
    const box = spotFor(node, false);
    if (box) boxes.push(box);
  }
  // Then the server's decision: every label whose zoom has come, at its spot, unless it would touch those.
  // The server does not know the frame: a label that would leave it takes another spot beside its node where
  // it covers nothing, if there is one.
  const taken = new Set(boxes.map((box) => box.id));
  const decided = nodes.filter((n) => n.label && n.at != null && scale >= n.at && points.has(n.id) && !taken.has(n.id))
    .sort((a, b) => a.rank - b.rank);
  for (const node of decided) {
    let box = boxAt(node, points.get(node.id), scale, node.spot, node.w);
    if (!inside(box)) box = spotFor(node, false);
    else if (!fits(box) || (state.moved && coversNode(box))) box = null; // a node dragged may now lie there
    if (box) boxes.push(box);
  }

  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.font = font;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.92)";
  for (const box of boxes) {
    const node = byId.get(box.id);
    if (plates.has(box)) {
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(box.x, box.y, box.w, box.h);
    }
    ctx.fillStyle = state.selected && !state.near.has(node.id) && !pointed.includes(node.id) ? "#8a939c" : "#1b1f24";
    // never wider than the box the server measured (other fonts than DejaVu Sans are narrower anyway)
    const room = Math.max(1, box.w - 4);
    ctx.strokeText(node.label, box.x + box.w / 2, box.y + 2, room);
    ctx.fillText(node.label, box.x + box.w / 2, box.y + 2, room);
  }
  ctx.restore();
  const round = (v) => Math.round(v * 100) / 100;
  return boxes.map((box) => ({ id: box.id, x: round(box.x), y: round(box.y), w: box.w, h: box.h }));
}
