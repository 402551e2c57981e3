// The dashboard's only script: reload while something is provisioning (unless the user is
// filling in a form), copy full ids, and ask before the destructive trainer controls.
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
  // Copy a full id (the page shows it shortened) and say so in the status line.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var value = button.getAttribute("data-copy");
    var status = document.getElementById("copy-status");
    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(
        function () { say("Copied " + value); },
        function () { say("Select and copy: " + value); }
      );
    } else {
      say("Select and copy: " + value);
    }
  });
  // Put the cursor where a refused text (the custom fault plan) went wrong.
  var marked = document.querySelector("[data-error-offset]");
  if (marked) {
    var at = Number(marked.getAttribute("data-error-offset"));
    marked.focus();
    marked.setSelectionRange(at, at + 1);
  }
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    var from = event.target.getAttribute("data-confirm-from");
    if (question && from) {
      var chosen = document.getElementById(from);
      question = question.replace("{pack}", chosen ? chosen.value : "");
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
