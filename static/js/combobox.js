// The ARIA 1.2 combobox behind the search boxes (search.js) and the pickers (picker.js): an input with a listbox.
// Typing asks settings.source (?q= or &q= added) for a JSON list, 150 ms after the last key; only the latest
// answer counts. ArrowDown/ArrowUp move through the options (ArrowDown with the list closed asks), Enter or a
// click chooses, Escape closes the list (with the list closed it empties the box), leaving the box closes it.
//
//   var box = AllianzCombobox(root, input, listbox, status, settings)
//   settings.source      the address asked
//   settings.minLength   shorter texts ask nothing and show no list (default 1); settings.maxLength cuts the text
//   settings.words       {some: " suggestions", none: "No matches"}: the status after an answer
//   settings.fill(found) appends the options of `found` to the listbox (`box.option` makes one)
//   settings.choose(i)   option i was chosen (Enter on it, or a click)
//   settings.enter(ev)   Enter with no option highlighted (default: nothing, so the form is sent)
//   settings.render(found), settings.close()   called after the list was filled or closed
(function () {
  "use strict";

  window.AllianzCombobox = function (root, input, listbox, status, settings) {
    var active = -1;
    var timer = null;
    var asked = 0;
    var box = {};

    function count() {
      return listbox.hidden ? 0 : listbox.querySelectorAll('[role="option"]').length;
    }

    box.close = function () {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      if (settings.close) { settings.close(); }
    };

    box.highlight = function (index) {
      var items = listbox.querySelectorAll('[role="option"]');
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };

    // One option: its text (never read as HTML), chosen by a click on it; the input keeps the focus.
    box.option = function (id, text, index) {
      var item = document.createElement("li");
      item.id = id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.textContent = text;
      item.appendChild(label);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      if (index !== undefined) { item.addEventListener("click", function () { settings.choose(index); }); }
      return item;
    };

    box.render = function (found) {
      listbox.textContent = "";
      settings.fill(found);
      listbox.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      if (status) { status.textContent = found.length ? found.length + settings.words.some : settings.words.none; }
      root.setAttribute("data-options", String(found.length));
      box.highlight(-1);
      if (settings.render) { settings.render(found); }
    };

    box.ask = function () {
      var text = input.value.trim();
      if (text.length < (settings.minLength || 1)) {
        box.render([]);
        if (status) { status.textContent = ""; }
        return;
      }
      if (settings.maxLength) { text = text.slice(0, settings.maxLength); }
      var mine = ++asked;
      var source = settings.source;
      fetch(source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text),
            { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (mine === asked) { box.render(Array.isArray(found) ? found : []); } })
        .catch(function () { if (mine === asked) { box.render([]); } });
    };

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(box.ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var shown = count();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!shown) { box.ask(); return; }
        box.highlight((active + 1) % shown);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (shown) { box.highlight(active <= 0 ? shown - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (shown && active >= 0) { event.preventDefault(); settings.choose(active); }
        else if (settings.enter) { settings.enter(event); }
      } else if (event.key === "Escape") {
        if (shown) { event.preventDefault(); box.close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(box.close, 150); });
    return box;
  };
})();
