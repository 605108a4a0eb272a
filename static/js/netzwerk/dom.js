// What both halves of the picture need (picture.js draws the first look, engine.js the interactive one):
// text-only DOM helpers, the page's messages, the side panel and the search. Everything user-made is set as
// text (textContent), never as HTML; links are app paths only.

export function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content == null ? "" : String(content);
  if (className) element.className = className;
  return element;
}

// A message of the page (data-msg-* on the picture's frame) with {placeholders} filled in.
export function message(container, name, values) {
  let template = container.dataset[name] || "";
  for (const [key, value] of Object.entries(values || {})) template = template.replace(`{${key}}`, String(value));
  return template;
}

export function localPath(href) {
  return typeof href === "string" && href.startsWith("/") && !href.startsWith("//");
}

// The side panel: a node's heading, facts, text and links; null empties it.
export function showDetails(node, panel) {
  const box = panel.querySelector("#details-inhalt");
  box.replaceChildren();
  if (!node) {
    delete panel.dataset.selected;
    panel.dataset.open = "false";
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
  panel.dataset.open = "true"; // on phones a sheet over the picture's lower part (network.css)
}

function fold(value) {
  return String(value || "").toLocaleLowerCase();
}

// The node a search text means: the same name or label first, then the first (most central) that contains it.
export function findNode(nodes, query) {
  const needle = fold(query).trim();
  if (!needle) return null;
  const byRank = [...nodes].sort((a, b) => (a.rank || 0) - (b.rank || 0));
  return byRank.find((n) => fold(n.name) === needle || fold(n.label) === needle)
    || byRank.find((n) => fold(n.name).includes(needle) || fold(n.label).includes(needle)) || null;
}
