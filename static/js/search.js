// Suggestions while typing in the search boxes (templates/search/_form.html), on the shared combobox
// (combobox.js). Typing asks data-source?q= for [{label, detail, type_label, url}]; Enter opens the chosen
// suggestion (or, with none chosen, sends the form: the full search page); the last option, "Alle Treffer
// anzeigen", sends the form too. Without JavaScript the form works as it is.
(function () {
  "use strict";

  var english = document.documentElement.lang === "en";
  var WORDS = english
    ? { all: "Show all results", some: " suggestions, arrow keys to choose", none: "No suggestions" }
    : { all: "Alle Treffer anzeigen", some: " Vorschläge, mit den Pfeiltasten wählen", none: "Keine Vorschläge" };

  function setup(form) {
    var input = form.querySelector('input[type="search"]');
    var listbox = form.querySelector(".search-suggestions");
    var source = form.getAttribute("data-source");
    var options = [];
    if (!input || !listbox || !source) { return; }
    form.setAttribute("data-ready", "true");

    var box = window.AllianzCombobox(form, input, listbox, form.querySelector(".search-status"), {
      source: source, minLength: 2, maxLength: 200, words: WORDS,
      fill: function (found) {
        options = found;
        found.forEach(function (hit, i) {
          var item = box.option(input.id + "-option-" + i, hit.label, i);
          var more = document.createElement("span");
          more.className = "search-suggestion-type";
          more.textContent = hit.type_label + (hit.detail ? " · " + hit.detail : "");
          item.appendChild(more);
          if (hit.type) { item.setAttribute("data-type", hit.type); }
          listbox.appendChild(item);
        });
        if (found.length) {
          var all = box.option(input.id + "-option-all", WORDS.all, found.length);
          all.classList.add("search-suggestion-all");
          listbox.appendChild(all);
        }
      },
      choose: function (index) {
        if (index === options.length) { box.close(); form.submit(); return; }
        var hit = options[index];
        if (hit && hit.url) { window.location.assign(hit.url); }
      }
    });
  }

  document.querySelectorAll("[data-search]").forEach(setup);
})();
