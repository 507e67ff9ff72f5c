/* Entity autocomplete for the header's search box: suggestions from /api/entities as the user types.
   Arrow keys move, Enter opens the highlighted entity (or searches when none is), Escape closes.
   Names are inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var DELAY_MS = 120;
  var LIMIT = 8;

  function setup(form) {
    var input = form.querySelector('input[name="q"]');
    var list = form.querySelector(".hb-suggestions");
    var api = form.getAttribute("data-api");
    if (!input || !list || !api || !window.fetch) return;
    var timer = null;
    var pending = null;
    var active = -1;

    function items() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = items();
      Array.prototype.forEach.call(options, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) input.setAttribute("aria-activedescendant", options[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function render(hits) {
      list.textContent = "";
      hits.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.id = "hb-suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", hit.page);
        var name = document.createElement("span");
        name.textContent = hit.label;
        if (hit.lang) name.lang = hit.lang;
        if (hit.matched && hit.matched !== hit.label) {
          var as = document.createElement("small");
          as.className = "hb-hint";
          as.textContent = " (" + hit.matched + ")";
          name.appendChild(as);
        }
        var kind = (hit.classes && hit.classes[0]) || "Entity";
        var badge = document.createElement("span");
        badge.className = "hb-badge hb-kind-" + kind.toLowerCase();
        badge.textContent = kind;
        li.appendChild(name);
        li.appendChild(badge);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep focus, so blur does not close the list before the click
          window.location.href = hit.page;
        });
        list.appendChild(li);
      });
      if (hits.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      active = -1;
    }

    function suggest() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      var url = api + "?" + new URLSearchParams({q: text, limit: String(LIMIT)}).toString();
      fetch(url, {headers: {Accept: "application/json"}, signal: pending ? pending.signal : undefined})
        .then(function (response) { return response.ok ? response.json() : {items: []}; })
        .then(function (body) {
          if (input.value.trim() === text) render(body.items || []);
        })
        .catch(function () { /* aborted by a newer keystroke, or offline: keep the plain form */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var count = items().length;
      if (list.hidden || !count) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % count);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + count) % count);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items()[active].getAttribute("data-url");
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.hb-autocomplete"), setup);
})();
