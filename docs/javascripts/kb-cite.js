// Quote cards (issues 9 and 18): copy buttons for the citation and its CSL-JSON, and the
// "Link" row. The citation and CSL-JSON are already in the page, the quote's address as the
// citation's permalink and its paragraph's as the line's "in context": this only writes the
// site's own addresses out in full (the page knows where it is served from), adds the Link
// row's two buttons and copies. No request is made.
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
      var link = element.closest("figure").querySelector("a.kb-cite__permalink");
      var text = element.textContent;
      return link && link.dataset.kbPath ? text.split(link.dataset.kbPath).join(link.href) : text;
    }
    var clone = element.cloneNode(true);
    clone.querySelectorAll("button").forEach(function (b) { b.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function copyButton(label, name, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-copy";
    button.textContent = label;
    button.setAttribute("aria-label", name);
    button.addEventListener("click", function () {
      var done = function (result) {
        button.textContent = result;
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text()).then(function () { done("Copied"); },
                                                   function () { done("Copy failed"); });
      } else {
        done("Copy failed");
      }
    });
    return button;
  }

  // "Link": the quote's own address and its paragraph's in the interview, full, to copy.
  function linkRow(card) {
    var details = card.querySelector("details.kb-quote__credit");
    var permalink = details && details.querySelector("a.kb-cite__permalink");
    if (!permalink || details.querySelector(".kb-link")) {
      return;
    }
    var row = document.createElement("p");
    row.className = "kb-link";
    var label = document.createElement("strong");
    label.textContent = "Link";
    row.appendChild(label);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(copyButton("Copy this quote’s address", "Copy quote link",
                               function () { return permalink.href; }));
    var paragraph = card.querySelector(".kb-quote__by a[href*='#p-']");
    if (paragraph) {
      row.appendChild(document.createTextNode(" "));
      row.appendChild(copyButton("Copy its paragraph’s address", "Copy paragraph link",
                                 function () { return paragraph.href; }));
    }
    details.appendChild(row);
  }

  function setUp(root) {
    absolute(root);
    root.querySelectorAll("[data-kb-copy]").forEach(function (element) {
      if (element.dataset.kbCopyReady) {
        return;
      }
      element.dataset.kbCopyReady = "1";
      var name = "Copy " + element.getAttribute("data-kb-copy").replace("-", " ");
      var button = copyButton("Copy", name, function () { return copyText(element); });
      if (element.tagName === "PRE") {
        element.parentNode.insertBefore(button, element);
      } else {
        element.appendChild(document.createTextNode(" "));
        element.appendChild(button);
      }
    });
    root.querySelectorAll("figure.kb-quote").forEach(linkRow);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setUp(document); });  // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
