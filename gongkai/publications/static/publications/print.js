// The print view's "打印" button (an external file: the portal's CSP allows no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-print-page]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
});
