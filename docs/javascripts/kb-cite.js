// Quote cards (issue 18): copy buttons for the citation, the CSL-JSON and the two links.
// The text is already in the page; this only writes the site's own addresses out in full
// (the page knows where it is served from) and copies. No request is made.
(function () {
  "use strict";

  function absolute(root) {
    root.querySelectorAll("a.kb-cite__permalink").forEach(function (a) {
      if (!a.dataset.kbPath) {
        a.dataset.kbPath = a.textContent;
        a.textContent = a.href;  // the browser resolves the relative link against the page
      }
    });
  }

  function copyText(element) {
    if (element.tagName === "PRE") {
      var link = element.closest(".kb-cite").querySelector("a.kb-cite__permalink");
      var text = element.textContent;
      return link && link.dataset.kbPath ? text.split(link.dataset.kbPath).join(link.href) : text;
    }
    var clone = element.cloneNode(true);
    clone.querySelectorAll("button").forEach(function (b) { b.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function copy(text, button) {
    var done = function (label) {
      button.textContent = label;
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done("Copied"); },
                                               function () { done("Copy failed"); });
    } else {
      done("Copy failed");
    }
  }

  function setUp(root) {
    absolute(root);
    root.querySelectorAll("[data-kb-copy]").forEach(function (element) {
      if (element.dataset.kbCopyReady) {
        return;
      }
      element.dataset.kbCopyReady = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy " + element.getAttribute("data-kb-copy").replace("-", " "));
      button.addEventListener("click", function () { copy(copyText(element), button); });
      if (element.tagName === "PRE") {
        element.parentNode.insertBefore(button, element);
      } else {
        element.appendChild(document.createTextNode(" "));
        element.appendChild(button);
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setUp(document); });  // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
