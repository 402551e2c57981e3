// RTM onboarding portal: upload with progress, then follow the check and the imports through
// a long-poll (/uploads/ID/status?seen=FINGERPRINT answers as soon as something changes), and
// ask before anything that cannot be undone. Plain script served by the portal (no inline code).
"use strict";

(function () {
  // Set once the page itself navigates (a form was sent): a status answer arriving after that
  // must not reload the page, or the browser would abort the navigation the partner asked for.
  var leaving = false;
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && !event.target.hasAttribute("data-live")) { leaving = true; }
  });

  function showError(message) {
    var box = document.getElementById("client-error");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = false;
  }

  function humanSize(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1).replace(/\.0$/, "") + " MB"; }
    if (bytes >= 1024) { return (bytes / 1024).toFixed(1).replace(/\.0$/, "") + " KB"; }
    return bytes + " B";
  }

  function duration(seconds) {
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) { return s + " s"; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + " min " + (s % 60) + " s"; }
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  function clock(epoch) {
    return new Date(epoch * 1000).toISOString().substring(11, 19) + " UTC";
  }

  // Follow /status: call onChange with every new document until it returns false.
  function follow(url, onChange) {
    var seen = "";
    function once() {
      var address = url + (seen ? "?seen=" + encodeURIComponent(seen) : "");
      fetch(address, { headers: { "Accept": "application/json" }, cache: "no-store" })
        .then(function (answer) { return answer.json(); })
        .then(function (status) {
          seen = status.fingerprint || "";
          if (leaving) { return; }
          if (onChange(status) !== false) { once(); }
        })
        .catch(function () { if (!leaving) { window.setTimeout(once, 1000); } });
    }
    once();
  }

  function describeCheck(check) {
    var p = check && check.progress;
    if (!p) { return "Checking…"; }
    return "Checking " + p.sheet + ", " + p.done.toLocaleString() + " rows" +
      (p.total ? " of about " + p.total.toLocaleString() : "");
  }

  function afterUpload(url, line) {
    line.hidden = false;
    line.textContent = "Uploaded. Checking…";
    follow(url + "/status", function (status) {
      var check = status.check || {};
      if (check.state === "checking") { line.textContent = describeCheck(check); return true; }
      window.location.assign(url);
      return false;
    });
  }

  function upload(form, file) {
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (!file) { showError("Choose a workbook file (.xlsx) to upload."); return; }
    if (limit && file.size > limit) {
      showError("The file is larger than this portal accepts (" + humanSize(limit) +
        "). Nothing was uploaded.");
      return;
    }
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("as_of", form.elements.as_of.value);
    data.append("workbook", file, file.name);
    var bar = document.getElementById("upload-progress");
    var button = document.getElementById("upload-button");
    var line = document.getElementById("upload-status");
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
      if (request.status === 201 && answer.url) { afterUpload(answer.url, line); return; }
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
    var chosen = document.getElementById("chosen-file");
    function showChosen() {
      var file = input.files.length ? input.files[0] : null;
      chosen.textContent = file ? "Chosen: " + file.name + " (" + humanSize(file.size) + ")" : "";
    }
    input.addEventListener("change", showChosen);
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
      if (files && files.length) { input.files = files; showChosen(); }
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
        row.querySelector("progress").setAttribute("aria-label", phase.name);
        holder.appendChild(row);
      }
      var bar = row.querySelector("progress");
      bar.max = phase.total || 1;
      bar.value = phase.total ? phase.done : 1;
      row.querySelector(".done").textContent = phase.done + " / " + phase.total;
    });
  }

  function showBanner(banner) {
    var verdict = document.getElementById("verdict");
    if (!verdict || !banner) { return; }
    verdict.textContent = banner.text;
    verdict.setAttribute("data-verdict", banner.verdict);
    verdict.className = "verdict " + banner.verdict;
  }

  function showWaits(job) {
    var list = document.getElementById("waits");
    var headline = document.getElementById("job-headline");
    if (headline && job) { headline.textContent = job.headline; }
    if (!list || !job) { return; }
    list.textContent = "";
    job.waits.forEach(function (wait) {
      var item = document.createElement("li");
      item.setAttribute("data-rows", wait.rows);
      item.textContent = wait.rows + (wait.rows === 1 ? " row " : " rows ") + wait.reason +
        " since " + clock(wait.since) + " (" + duration(wait.seconds) + ")";
      list.appendChild(item);
    });
  }

  function followPage() {
    var url = document.body.getAttribute("data-poll");
    if (!url) { return; }
    var until = document.body.getAttribute("data-reload-when");
    follow(url, function (status) {
      var check = status.check || {};
      if (until === "check-done") {
        if (check.state !== "checking") { window.location.reload(); return false; }
        var line = document.getElementById("check-progress");
        if (line) { line.textContent = describeCheck(check); }
        return true;
      }
      showPhases(status.job);
      showWaits(status.job);
      showBanner(status.banner);
      if (!status.job || status.job.state !== "running") { window.location.reload(); return false; }
      return true;
    });
  }

  function setUpConfirmations() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  // The grid: a second horizontal scrollbar above it, kept in step with the grid's own, and
  // an issue's cell link that scrolls the cell into the middle of the grid and focuses it.
  function setUpGrid() {
    var wrap = document.getElementById("grid-wrap");
    var top = document.getElementById("grid-scroll-top");
    if (!wrap || !top) { return; }
    var spacer = top.firstElementChild;
    function size() {
      spacer.style.width = wrap.scrollWidth + "px";
      top.hidden = wrap.scrollWidth <= wrap.clientWidth;
    }
    size();
    window.addEventListener("resize", size);
    var busy = false;
    function mirror(from, to) {
      return function () {
        if (busy) { busy = false; return; }
        busy = true;
        to.scrollLeft = from.scrollLeft;
      };
    }
    top.addEventListener("scroll", mirror(top, wrap));
    wrap.addEventListener("scroll", mirror(wrap, top));
    wrap.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a.goto") : null;
      if (!link) { return; }
      var cell = document.getElementById("cell-" + link.getAttribute("data-cell"));
      if (!cell) { return; }
      event.preventDefault();
      reveal(wrap, cell);
    });
  }

  // Scroll so the cell sits clear of the pinned row numbers and key column, then focus it.
  function reveal(wrap, cell) {
    cell.scrollIntoView({ block: "center", inline: "center" });
    var pinned = 0;
    Array.prototype.forEach.call(wrap.querySelectorAll("thead .rownum, thead .key"), function (th) {
      pinned = Math.max(pinned, th.getBoundingClientRect().right);
    });
    var box = cell.getBoundingClientRect();
    if (!cell.classList.contains("key") && box.left < pinned) { wrap.scrollLeft -= pinned - box.left + 8; }
    cell.focus({ preventScroll: true });
    cell.classList.remove("flash");
    void cell.offsetWidth;
    cell.classList.add("flash");
  }

  // Fixing in the page: forms marked data-live (accept fixes, edit a cell, start over) are sent
  // in the background; the page follows the new check of the corrected copy, then swaps in the
  // new report (verdict, counts, fixes, grid) without a reload and puts the focus back.
  function liveStatus(text) {
    var line = document.getElementById("fix-status") || document.getElementById("client-error");
    if (line) { line.textContent = text; line.hidden = false; }
  }

  // While a change is checked the report on screen is of the workbook before it: say so in
  // the verdict itself (never a stale verdict shown as current), dim what it counts.
  function markStale(stale) {
    var main = document.querySelector("main");
    var verdict = document.getElementById("verdict");
    if (main) { main.classList.toggle("rechecking", stale); }
    if (!verdict) { return; }
    var note = document.getElementById("stale-note");
    verdict.setAttribute("data-stale", stale ? "true" : "false");
    if (stale && !note) {
      note = document.createElement("span");
      note.id = "stale-note"; note.className = "stale-note";
      note.textContent = "Checking your change… until then, before it: ";
      verdict.insertBefore(note, verdict.firstChild);
    } else if (!stale && note) {
      note.remove();
    }
  }

  // An edited cell shows its new value at once, marked as not yet checked; gives the undo
  // for a change the portal refuses.
  function showPending(form) {
    var cell = form.classList.contains("cell-editor") ? form.closest("td[data-cell]") : null;
    if (!cell) { return function () {}; }
    var before = { html: form.getAttribute("data-before"), className: cell.className, title: cell.title };
    cell.textContent = form.elements.value.value;
    cell.classList.add("changed", "pending");
    cell.title = "Your new value; being checked";
    cell.tabIndex = -1;
    return function () {
      cell.innerHTML = before.html || ""; cell.className = before.className; cell.title = before.title;
    };
  }

  function setBusy(busy) {
    var main = document.querySelector("main");
    if (main) { main.setAttribute("aria-busy", busy ? "true" : "false"); }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-live] button"), function (b) {
      b.disabled = busy;
    });
  }

  function refusalText(status, text) {
    try { return JSON.parse(text).error || ""; } catch (ignored) { /* an HTML page */ }
    var page = new DOMParser().parseFromString(text, "text/html");
    var line = page.querySelector("main p");
    return line ? line.textContent : "The change was refused (HTTP " + status + ").";
  }

  function focusKey() {
    var active = document.activeElement;
    if (!active || active === document.body) { return null; }
    var cell = active.closest ? active.closest("td[data-cell]") : null;
    if (cell) { return 'td[data-cell="' + cell.getAttribute("data-cell") + '"]'; }
    return active.id ? "#" + active.id : null;
  }

  function swapIn(text, key) {
    var fresh = new DOMParser().parseFromString(text, "text/html").querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) { window.location.reload(); return; }
    main.innerHTML = fresh.innerHTML;
    setUpConfirmations(); setUpGrid(); showEditButtons();
    var verdict = document.getElementById("verdict");
    var target = (key && document.querySelector(key)) || document.getElementById("fix-status");
    if (target && !target.hasAttribute("tabindex") && target.tagName === "TD") { target.tabIndex = -1; }
    if (target) { target.focus({ preventScroll: true }); }
    liveStatus("Checked again: " + (verdict ? verdict.textContent : "see the report above."));
  }

  function afterChange(key) {
    var url = window.location.pathname.replace(/\/$/, "");
    follow(url + "/status", function (status) {
      var check = status.check || {};
      if (check.state === "checking") { liveStatus(describeCheck(check)); return true; }
      fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
        .then(function (answer) { return answer.text(); })
        .then(function (text) { setBusy(false); swapIn(text, key); })
        .catch(function () { window.location.reload(); });
      return false;
    });
  }

  function sendLive(form) {
    var key = focusKey();
    var body = new URLSearchParams(new FormData(form));
    setBusy(true);
    markStale(true);
    var undo = showPending(form);
    liveStatus("Saving your change and checking the workbook again…");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (answer) {
        if (answer.ok) { afterChange(key); return null; }
        return answer.text().then(function (text) {
          setBusy(false); markStale(false); undo();
          liveStatus(refusalText(answer.status, text));
        });
      })
      .catch(function () {
        setBusy(false); markStale(false); undo();
        liveStatus("The portal did not answer. Is it still running?");
      });
  }

  function setUpLiveForms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-live")) { return; }
      event.preventDefault();
      sendLive(form);
    });
  }

  // Edit a cell in place: click a cell (or Enter on a marked one, or its Edit button).
  function openEditor(cell) {
    var wrap = document.getElementById("grid-wrap");
    var token = document.querySelector('input[name="csrf_token"]');
    var table = cell.closest("table");
    if (!wrap || !token || !table || cell.querySelector("form")) { return; }
    var ref = cell.getAttribute("data-cell");
    var sheet = table.getAttribute("data-sheet");
    var form = document.createElement("form");
    form.method = "post"; form.action = wrap.getAttribute("data-edit");
    form.className = "cell-editor"; form.setAttribute("data-live", "");
    [["csrf_token", token.value], ["sheet", sheet], ["cell", ref]].forEach(function (pair) {
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = pair[0]; hidden.value = pair[1];
      form.appendChild(hidden);
    });
    var input = document.createElement("input");
    input.name = "value"; input.value = cell.textContent;
    input.setAttribute("aria-label", "New value for " + sheet + " " + ref);
    var save = document.createElement("button");
    save.type = "submit"; save.textContent = "Save"; save.className = "save-cell";
    var cancel = document.createElement("button");
    cancel.type = "button"; cancel.textContent = "Cancel"; cancel.className = "quiet";
    var before = cell.innerHTML;
    form.setAttribute("data-before", before);
    function close() { cell.innerHTML = before; cell.tabIndex = -1; cell.focus(); }
    cancel.addEventListener("click", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    form.appendChild(input); form.appendChild(save); form.appendChild(cancel);
    cell.textContent = ""; cell.appendChild(form);
    input.focus(); input.select();
  }

  function setUpEditing() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button.edit-cell") : null;
      var cell = button ? document.querySelector('#grid-wrap td[data-cell="' + button.getAttribute("data-cell") + '"]')
        : (event.target.closest ? event.target.closest("#grid-wrap tbody td[data-cell]") : null);
      if (cell && !event.target.closest("form")) { openEditor(cell); }
    });
    document.addEventListener("keydown", function (event) {
      var cell = event.target;
      if ((event.key === "Enter" || event.key === "F2") && cell.matches &&
          cell.matches("#grid-wrap td[data-cell]")) {
        event.preventDefault();
        openEditor(cell);
      }
    });
  }

  function showEditButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("button.edit-cell"), function (b) {
      b.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpUpload(); setUpConfirmations(); setUpGrid(); followPage();
    setUpLiveForms(); setUpEditing(); showEditButtons();
  });
}());
