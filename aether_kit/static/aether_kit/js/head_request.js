// Sends the forms marked data-head-request as HEAD requests and shows the answer's status
// line next to the button: an action that answers only HEAD (is-accessible) would answer a
// followed link's GET with 405. The session cookie goes along; a HEAD changes nothing, so
// no CSRF token is needed.
(function () {
  "use strict";
  document.querySelectorAll("form[data-head-request]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var output = form.querySelector("output");
      output.textContent = "…";
      fetch(form.action, {
        method: "HEAD",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(
        function (response) {
          output.textContent = "HTTP " + response.status + " " + response.statusText;
        },
        function () {
          output.textContent = "no answer";
        }
      );
    });
  });
})();
