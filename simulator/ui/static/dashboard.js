// The dashboard's only script: reload while something is provisioning (unless the user is
// filling in a form), and ask before the destructive trainer controls.
(function () {
  "use strict";
  var seconds = Number(document.body.getAttribute("data-refresh") || 0);
  var editing = false;
  document.addEventListener("input", function () { editing = true; });
  function tick() {
    if (editing || document.hidden) {
      window.setTimeout(tick, seconds * 1000);
      return;
    }
    window.location.reload();
  }
  if (seconds > 0) {
    window.setTimeout(tick, seconds * 1000);
  }
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
