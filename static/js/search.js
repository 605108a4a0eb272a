// Suggestions while typing in the search boxes (templates/search/_form.html): an ARIA 1.2 combobox with a
// listbox. Typing asks data-source?q= for [{label, detail, type_label, url}]; ArrowDown/ArrowUp move through
// the suggestions, Enter opens the chosen one (or, with none chosen, sends the form: the full search page),
// Escape closes the list (a second Escape empties the box). Without JavaScript the form works as it is.
(function () {
  "use strict";

  var english = document.documentElement.lang === "en";
  var WORDS = english
    ? { all: "Show all results", some: " suggestions, arrow keys to choose", none: "No suggestions" }
    : { all: "Alle Treffer anzeigen", some: " Vorschläge, mit den Pfeiltasten wählen", none: "Keine Vorschläge" };

  function setup(form) {
    var input = form.querySelector('input[type="search"]');
    var listbox = form.querySelector(".search-suggestions");
    var status = form.querySelector(".search-status");
    var source = form.getAttribute("data-source");
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    if (!input || !listbox || !source) { return; }
    form.setAttribute("data-ready", "true");

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
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

    function option(id, text, detail, type) {
      var item = document.createElement("li");
      item.id = id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.textContent = text;  // text only: names are never read as HTML
      item.appendChild(label);
      if (detail) {
        var more = document.createElement("span");
        more.className = "search-suggestion-type";
        more.textContent = detail;
        item.appendChild(more);
      }
      if (type) { item.setAttribute("data-type", type); }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      return item;
    }

    function render(found) {
      options = found;
      listbox.textContent = "";
      found.forEach(function (hit, i) {
        var detail = hit.type_label + (hit.detail ? " · " + hit.detail : "");
        var item = option(input.id + "-option-" + i, hit.label, detail, hit.type);
        item.addEventListener("click", function () { choose(i); });
        listbox.appendChild(item);
      });
      if (found.length) {
        var all = option(input.id + "-option-all", WORDS.all, null, null);
        all.classList.add("search-suggestion-all");
        all.addEventListener("click", function () { close(); form.submit(); });
        listbox.appendChild(all);
      }
      listbox.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      status.textContent = found.length ? found.length + WORDS.some : WORDS.none;
      form.setAttribute("data-options", String(found.length));
      highlight(-1);
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) { render([]); status.textContent = ""; return; }
      var mine = ++asked;
      fetch(source + "?q=" + encodeURIComponent(text.slice(0, 200)),
            { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (mine === asked) { render(Array.isArray(found) ? found : []); } })
        .catch(function () { if (mine === asked) { render([]); } });
    }

    function choose(index) {
      if (index === options.length) { close(); form.submit(); return; }
      var hit = options[index];
      if (hit && hit.url) { window.location.assign(hit.url); }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var count = listbox.hidden ? 0 : listbox.querySelectorAll('[role="option"]').length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!count) { ask(); return; }
        highlight((active + 1) % count);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (count) { highlight(active <= 0 ? count - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (count && active >= 0) { event.preventDefault(); choose(active); }
        // else: the form is sent, the full search page answers
      } else if (event.key === "Escape") {
        if (count) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("[data-search]").forEach(setup);
})();
