// Our own behaviour; no inline scripts anywhere (the Content-Security-Policy forbids them).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// A "+" toggle of the union tree turns into "−" once opened.
document.addEventListener("htmx:afterRequest", function (event) {
  const el = event.detail.elt;
  if (el.classList && el.classList.contains("union-toggle")) {
    el.textContent = "−";
    el.disabled = true;
  }
});
// A "Print" button (data-print), e.g. on a public notice.
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) {
    window.print();
  }
});
// On a phone a table shows as cards: each cell carries its column's heading (data-label) to show above it.
function labelTableCells(root) {
  for (const table of root.querySelectorAll("main table.table")) {
    const heads = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) continue;
    for (const row of table.querySelectorAll("tbody tr")) {
      Array.from(row.children).forEach(function (cell, i) {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    }
  }
}
document.addEventListener("DOMContentLoaded", function () { labelTableCells(document); });
document.addEventListener("htmx:afterSettle", function (event) { labelTableCells(event.target); });
