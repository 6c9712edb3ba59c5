// The CAPTCHA's "换一张" link (gongkai.foi.captcha): fetches a new challenge without reloading the page,
// so nothing the applicant typed is lost. Without JavaScript the link reloads the page instead.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-gk-captcha][data-url]").forEach(function (box) {
    var link = box.querySelector("[data-gk-captcha-refresh]");
    var image = box.querySelector("[data-gk-captcha-image]");
    var token = box.querySelector("[data-gk-captcha-token]");
    var answer = box.querySelector("[data-gk-captcha-answer]");
    var status = box.querySelector("[data-gk-captcha-status]");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          image.src = data.image;
          token.value = data.token;
          answer.value = "";
          answer.focus();
          status.textContent = box.dataset.refreshed;
        })
        .catch(function () { status.textContent = box.dataset.failed; });
    });
  });
});
