/* Sortable tables, a path filter, and opening a collapsed file card when a link points into it. */
(function () {
  "use strict";
  var collator = new Intl.Collator(["zh-Hans-CN", "en"], { numeric: true, sensitivity: "base" });

  function value(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell ? cell.getAttribute("data-v") : null;
    if (raw === null && cell) raw = cell.textContent;
    if (!numeric) return raw || "";
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function sortBy(table, index, descending) {
    var th = table.tHead.rows[0].cells[index];
    var numeric = th.getAttribute("data-type") === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return { row: row, key: value(row, index, numeric), i: i }; });
    keyed.sort(function (a, b) {
      if (numeric) {
        if (a.key === null || b.key === null) {
          if (a.key === b.key) return a.i - b.i;
          return a.key === null ? 1 : -1; /* empty cells last either way */
        }
        if (a.key !== b.key) return descending ? b.key - a.key : a.key - b.key;
        return a.i - b.i;
      }
      var c = collator.compare(a.key, b.key);
      return c !== 0 ? (descending ? -c : c) : a.i - b.i;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    body.appendChild(frag);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = th.querySelector("button.sort");
      if (!button) return;
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        /* Numbers start with the largest, text with A. */
        var descending = current ? current === "ascending" : th.getAttribute("data-type") === "num";
        sortBy(table, index, descending);
      });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var counter = document.querySelector('[data-count-for="' + table.id + '"]');
    function apply() {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hit = !needle || row.cells[1].textContent.toLowerCase().indexOf(needle) >= 0;
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      if (counter) counter.textContent = needle ? shown + " of " + table.tBodies[0].rows.length + " files" : "";
    }
    input.addEventListener("input", apply);
  });

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    el.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", openTarget);
  if (location.hash) openTarget();
  document.documentElement.setAttribute("data-ready", "1");
})();
