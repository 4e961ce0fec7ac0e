// Wide tables scroll inside their own box, so the page itself never scrolls sideways (a host on a phone reads the
// rest of the page as it is). The box is focusable and named after the table, so a keyboard can scroll it too.
// Without JavaScript every page still works; the table then widens the page.
(function () {
  "use strict";
  function wrapTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-scroll") || parent.classList.contains("housing-table-wrap")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      var caption = table.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : (document.documentElement.lang === "da" ? "Tabel" : "Table"));
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wrapTables(event.target.ownerDocument || document); });
})();
// The Administration submenu closes on Escape (focus back on its summary) and when one clicks elsewhere.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".velkomst-nav__sub[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll(".velkomst-nav__sub[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
})();
