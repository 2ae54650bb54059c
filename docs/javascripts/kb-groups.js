// Theme pages keep some quotes of each group behind "N more quotes" (<details class="kb-more">),
// still in the page so search, print and links reach them. A link to anything inside a closed
// group (a quote's #q-..., an interview's #from-...) opens the group and brings it into view;
// printing opens every group and closes again those the reader had not opened.
(function () {
  "use strict";

  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView();
  }

  window.addEventListener("hashchange", reveal);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(reveal); // Material's instant navigation: every page view
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }

  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(
      document.querySelectorAll("details.kb-more, details.kb-sources__all"), function (d) { return !d.open; });
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
})();
