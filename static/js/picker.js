// The search-as-you-type picker (templates/_picker.html): an ARIA 1.2 combobox with a listbox.
// Typing asks data-source?q= for [{id, label}]; ArrowDown/ArrowUp move, Enter or a click chooses,
// Escape closes. A chosen item becomes a checked checkbox in the list above (with the extra controls
// of the <template>, if any). Without JavaScript the "Suchen" button does the same on the server.
(function () {
  "use strict";

  function setup(root) {
    var input = root.querySelector(".picker-input");
    var listbox = root.querySelector(".picker-listbox");
    var selected = root.querySelector(".picker-selected");
    var status = root.querySelector(".picker-status");
    var note = root.querySelector(".picker-note");
    var template = root.querySelector(".picker-template");
    var button = root.querySelector(".picker-submit");
    var source = root.getAttribute("data-source");
    var name = root.getAttribute("data-name");
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    if (!input || !listbox || !selected) { return; }
    if (button) { button.hidden = true; }
    root.setAttribute("data-ready", "true");

    function chosen(id) {
      return selected.querySelector('input[type="checkbox"][value="' + CSS.escape(id) + '"]');
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      if (note && !input.value.trim()) { note.hidden = true; }
    }

    function highlight(index) {
      var items = listbox.querySelectorAll('[role="option"]');
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function say(found) {
      // When nothing is named like the text: say so, and whether the options are the closest terms.
      var text = input.value.trim();
      var near = found.length > 0 && found[0].near;
      if (!note) { return; }
      if (text && (near || found.length === 0)) {
        note.textContent = note.getAttribute(near ? "data-near" : "data-none").replace("__TERM__", text);
        note.hidden = false;
      } else {
        note.hidden = true;
      }
    }

    function render(found) {
      options = found;
      say(found);
      listbox.textContent = "";
      found.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = name + "-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = option.label;
        if (chosen(String(option.id))) { item.classList.add("picker-taken"); }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(i); });
        listbox.appendChild(item);
      });
      listbox.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      status.textContent = found.length ? found.length + " " + (document.documentElement.lang === "en" ? "suggestions" : "Vorschläge")
        : (document.documentElement.lang === "en" ? "No matches" : "Keine Treffer");
      root.setAttribute("data-options", String(found.length));
      highlight(-1);
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { render([]); return; }
      var mine = ++asked;
      fetch(source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text),
            { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (mine === asked) { render(Array.isArray(found) ? found : []); } })
        .catch(function () { render([]); });
    }

    function choose(index) {
      var option = options[index];
      if (!option) { return; }
      var id = String(option.id);
      var existing = chosen(id);
      if (existing) {
        existing.checked = true;
      } else {
        var item;
        if (template) {
          item = template.content.firstElementChild.cloneNode(true);
          item.setAttribute("data-id", id);
          item.querySelectorAll("[name], [id], [for], [value]").forEach(function (el) {
            ["name", "id", "for", "value"].forEach(function (attr) {
              var value = el.getAttribute(attr);
              if (value && value.indexOf("__ID__") >= 0) { el.setAttribute(attr, value.split("__ID__").join(id)); }
            });
          });
          item.querySelector(".picker-label").textContent = option.label;
        } else {
          item = document.createElement("li");
          item.className = "picker-item";
          item.setAttribute("data-id", id);
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox"; box.name = name; box.value = id; box.checked = true;
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + option.label));
          item.appendChild(label);
        }
        selected.appendChild(item);
      }
      status.textContent = option.label + (document.documentElement.lang === "en" ? " added" : " hinzugefügt");
      input.value = "";
      close();
      input.focus();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var count = options.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden && input.value.trim()) { ask(); return; }
        if (count) { highlight((active + 1) % count); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (count) { highlight(active <= 0 ? count - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0) { event.preventDefault(); choose(active); }
        else if (input.value.trim()) { event.preventDefault(); ask(); }  // never submit the form from here
      } else if (event.key === "Escape") {
        if (!listbox.hidden) { event.preventDefault(); close(); }
        else { input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("[data-picker]").forEach(setup);
})();
