// Similar ideas while writing (templates/ideas/form.html): after a pause in typing the title or summary,
// ask data-similar?title=&summary=&needs= for [{title, url, status}] and list them. Without JavaScript
// the "Ähnliche prüfen" button does the same on the server.
(function () {
  "use strict";
  var form = document.getElementById("idea-form");
  if (!form) { return; }
  var list = form.querySelector(".similar-list");
  var source = form.getAttribute("data-similar");
  var timer = null;
  var asked = 0;

  function ask() {
    var params = new URLSearchParams();
    params.set("title", form.elements.title.value);
    params.set("summary", form.elements.summary.value);
    if (form.getAttribute("data-exclude")) { params.set("exclude", form.getAttribute("data-exclude")); }
    form.querySelectorAll('input[name="needs"]:checked').forEach(function (box) { params.append("needs", box.value); });
    form.querySelectorAll('input[name="fields"]:checked').forEach(function (box) { params.append("fields", box.value); });
    var mine = ++asked;
    fetch(source + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (found) {
        if (mine !== asked) { return; }
        list.textContent = "";
        found.forEach(function (item) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = item.url;
          link.textContent = item.title;
          li.appendChild(link);
          list.appendChild(li);
        });
        form.setAttribute("data-similar-count", String(found.length));
      })
      .catch(function () { /* the button still works */ });
  }

  function later() { clearTimeout(timer); timer = setTimeout(ask, 400); }
  form.elements.title.addEventListener("input", later);
  form.elements.summary.addEventListener("input", later);
  if (form.elements.title.value) { later(); }
})();
