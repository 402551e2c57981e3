// RTM onboarding portal: drag-and-drop upload with progress, and live status while a workbook
// is checked or imported. Plain script, served by the portal itself (no inline scripts).
"use strict";

(function () {
  function showError(message) {
    var box = document.getElementById("client-error");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = false;
  }

  function upload(form, file) {
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (!file) { showError("Choose a workbook file (.xlsx) to upload."); return; }
    if (limit && file.size > limit) {
      showError("The file is larger than this portal accepts (" +
        (limit / 1048576).toFixed(1) + " MB). Nothing was uploaded.");
      return;
    }
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("as_of", form.elements.as_of.value);
    data.append("workbook", file, file.name);
    var bar = document.getElementById("upload-progress");
    var button = document.getElementById("upload-button");
    bar.hidden = false; bar.value = 0; button.disabled = true;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = function (event) {
      if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
    };
    request.onload = function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (ignored) { answer = {}; }
      if (request.status === 201 && answer.url) { window.location.assign(answer.url); return; }
      bar.hidden = true; button.disabled = false;
      showError(answer.error || ("The upload failed (HTTP " + request.status + ")."));
    };
    request.onerror = function () {
      bar.hidden = true; button.disabled = false;
      showError("The upload did not reach the portal. Is it still running?");
    };
    request.send(data);
  }

  function setUpUpload() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var zone = document.getElementById("drop-zone");
    var input = document.getElementById("file-input");
    input.addEventListener("change", function () { if (input.files.length) { upload(form, input.files[0]); } });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      upload(form, input.files.length ? input.files[0] : null);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) { upload(form, files[0]); }
    });
  }

  function showPhases(job) {
    var holder = document.getElementById("phases");
    if (!holder || !job) { return; }
    job.phases.forEach(function (phase) {
      var row = holder.querySelector('[data-phase="' + phase.name + '"]');
      if (!row) {
        row = document.createElement("div");
        row.className = "phase";
        row.setAttribute("data-phase", phase.name);
        row.innerHTML = '<span class="name"></span><progress></progress><span class="done"></span>';
        row.querySelector(".name").textContent = phase.name;
        holder.appendChild(row);
      }
      var bar = row.querySelector("progress");
      bar.max = phase.total || 1;
      bar.value = phase.total ? phase.done : 1;
      row.querySelector(".done").textContent = phase.done + " / " + phase.total;
    });
  }

  function showCheck(check) {
    var line = document.getElementById("check-progress");
    if (!line || !check || !check.progress) { return; }
    var p = check.progress;
    var what = check.phase === "grid" ? "Preparing the grid: " : "Checking ";
    line.textContent = what + p.sheet + ", " + p.done.toLocaleString() + " rows" +
      (p.total ? " of about " + p.total.toLocaleString() : "");
  }

  function poll() {
    var url = document.body.getAttribute("data-poll");
    if (!url) { return; }
    var until = document.body.getAttribute("data-reload-when");
    function once() {
      fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" })
        .then(function (answer) { return answer.json(); })
        .then(function (status) {
          var check = status.check || {};
          if (until === "check-done") {
            if (check.state !== "checking") { window.location.reload(); return; }
            showCheck(check);
          } else {
            showPhases(status.job);
            if (!status.job || status.job.state !== "running") { window.location.reload(); return; }
          }
          window.setTimeout(once, 700);
        })
        .catch(function () { window.setTimeout(once, 2000); });
    }
    window.setTimeout(once, 400);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpUpload(); poll(); });
}());
