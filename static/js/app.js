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
