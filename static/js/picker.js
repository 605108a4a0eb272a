// The search-as-you-type picker (templates/_picker.html), on the shared combobox (combobox.js).
// Typing asks data-source?q= for [{id, label}]; Enter or a click chooses, Enter never sends the form.
// A chosen item becomes a checked checkbox in the list above (with the extra controls of the <template>,
// if any). Without JavaScript the "Suchen" button does the same on the server.
(function () {
  "use strict";

  var english = document.documentElement.lang === "en";
  var WORDS = english ? { some: " suggestions", none: "No matches", added: " added" }
    : { some: " Vorschläge", none: "Keine Treffer", added: " hinzugefügt" };

  function setup(root) {
    var input = root.querySelector(".picker-input");
    var listbox = root.querySelector(".picker-listbox");
    var selected = root.querySelector(".picker-selected");
    var status = root.querySelector(".picker-status");
    var note = root.querySelector(".picker-note");
    var template = root.querySelector(".picker-template");
    var button = root.querySelector(".picker-submit");
    var name = root.getAttribute("data-name");
    var options = [];
    if (!input || !listbox || !selected) { return; }
    if (button) { button.hidden = true; }
    root.setAttribute("data-ready", "true");

    function chosen(id) {
      return selected.querySelector('input[type="checkbox"][value="' + CSS.escape(id) + '"]');
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

    function add(option) {
      var id = String(option.id);
      var existing = chosen(id);
      if (existing) {
        existing.checked = true;
        return;
      }
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

    var combobox = window.AllianzCombobox(root, input, listbox, status, {
      source: root.getAttribute("data-source"), words: WORDS,
      fill: function (found) {
        options = found;
        found.forEach(function (option, i) {
          var item = combobox.option(name + "-option-" + i, option.label, i);
          if (chosen(String(option.id))) { item.classList.add("picker-taken"); }
          listbox.appendChild(item);
        });
      },
      render: say,
      choose: function (index) {
        var option = options[index];
        if (!option) { return; }
        add(option);
        status.textContent = option.label + WORDS.added;
        input.value = "";
        combobox.close();
        input.focus();
      },
      enter: function (event) {
        if (input.value.trim()) { event.preventDefault(); combobox.ask(); }  // never submit the form from here
      },
      close: function () {
        if (note && !input.value.trim()) { note.hidden = true; }
      }
    });
  }

  document.querySelectorAll("[data-picker]").forEach(setup);
})();
