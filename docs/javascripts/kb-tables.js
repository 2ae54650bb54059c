// Tables written by hand in docs/*.md (About, the codebook, scaling figures) are plain Markdown
// tables: no cell knows its column's name, so on a phone they could only scroll sideways. This
// gives each cell its column's name (data-label) and wraps the table like the generated ones
// (render/tables.py), so kb.css stacks each row into a card under 720 px. Without JavaScript
// the table is as Material draws it. Tables with a class (charts, the coverage matrix) and the
// theme pages' comparison tables (.kb-differ, stacked by themes.css) are left alone.
(function () {
  "use strict";

  function label() {
    var tables = document.querySelectorAll("article .md-typeset__scrollwrap > .md-typeset__table > table:not([class])");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var wrap = table.parentElement.parentElement;
      if (wrap.closest(".kb-table, .kb-differ")) continue;
      var names = [];
      var heads = table.querySelectorAll("thead th");
      for (var h = 0; h < heads.length; h++) names.push(heads[h].textContent.trim());
      if (names.length < 2) continue;
      var rows = table.querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        for (var c = 0; c < rows[r].cells.length && c < names.length; c++) {
          rows[r].cells[c].setAttribute("data-label", names[c]);
        }
      }
      var card = document.createElement("div");
      card.className = "kb-table kb-table--labelled";
      wrap.parentNode.insertBefore(card, wrap);
      card.appendChild(wrap);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(label); // Material's instant navigation: every page view
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", label);
  } else {
    label();
  }
})();
