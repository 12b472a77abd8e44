/* belregions upload page: files go one at a time, with progress in bytes and a result per file.
 *
 * Without this script the form posts everything at once and the batch page
 * answers at the end. With it, each chosen or dropped file (and the pasted
 * text) is sent on its own to the admin's upload.json (XHR, so the browser
 * reports the bytes sent), into one batch; the answer is streamed as JSON
 * lines, one per stored file (a zip's members one by one), shown as they come.
 * The batch page's link follows at the end. Text is only set with textContent.
 *
 * Its words are the page's language: the template renders each message, translated, into a data-text-*
 * attribute of the upload panel (templates/admin/articles/article/upload.html), with {name} where a value
 * goes; numbers and sizes are written in the page's locale (<html lang>).
 */
(function () {
  "use strict";

  var form = document.getElementById("upload_form");
  if (!form || !window.FormData || !window.XMLHttpRequest || !form.getAttribute("data-upload-one-url")) {
    return;
  }
  var url = form.getAttribute("data-upload-one-url");
  var panel = document.querySelector("[data-upload-panel]");
  var bar = panel.querySelector("[data-upload-progress]");
  var bytesText = panel.querySelector("[data-upload-bytes]");
  var summary = panel.querySelector("[data-upload-summary]");
  var results = panel.querySelector("[data-upload-results]");
  var done = panel.querySelector("[data-upload-done]");
  var announce = panel.querySelector("[data-upload-announce]");
  var zone = form.querySelector("[data-drop-zone]");
  var droppedText = form.querySelector("[data-dropped]");
  var fileInput = form.querySelector("input[type=file]");
  var pasted = form.querySelector("textarea[name=pasted_text]");
  var submit = form.querySelector("input[type=submit]");
  var dropped = [];
  var counts = { "new": 0, duplicate: 0, refused: 0 };
  var language = document.documentElement.lang || undefined;

  // A message of the panel's data-text-<key>, its {name}s replaced by `values`.
  function text(key, values) {
    var message = panel.getAttribute("data-text-" + key) || "";
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function outcomeText(outcome) {
    return counts[outcome] !== undefined ? text("outcome-" + outcome) : outcome;
  }

  zone.hidden = false;

  // The drop zone is also a button: a click, Enter or Space opens the file chooser (keyboard users can't drag).
  function chooseFiles(event) {
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") { return; }
    event.preventDefault(); // Space would scroll the page
    if (fileInput) { fileInput.click(); }
  }
  zone.addEventListener("click", chooseFiles);
  zone.addEventListener("keydown", chooseFiles);

  function decimal(n) {
    return n.toLocaleString(language, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
  }

  function size(n) {
    if (n < 1024) { return text("bytes", { n: n }); }
    if (n < 1024 * 1024) { return text("kilobytes", { n: decimal(n / 1024) }); }
    return text("megabytes", { n: decimal(n / 1024 / 1024) });
  }

  function showDropped() {
    var names = dropped.map(function (f) { return f.name; });
    droppedText.textContent = names.length ? text("dropped", { count: names.length, names: names.join(", ") }) : "";
  }

  // The whole page takes drops: a file dropped beside the zone must not replace the page.
  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("drop-over");
    });
  });
  document.addEventListener("dragleave", function (event) {
    if (!event.relatedTarget) { zone.classList.remove("drop-over"); }
  });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("drop-over");
    var files = event.dataTransfer ? event.dataTransfer.files : [];
    for (var i = 0; i < files.length; i += 1) { dropped.push(files[i]); }
    showDropped();
  });

  function chosenItems() {
    var items = [];
    var files = fileInput ? fileInput.files : [];
    for (var i = 0; i < files.length; i += 1) { items.push({ file: files[i], name: files[i].name, size: files[i].size }); }
    dropped.forEach(function (f) { items.push({ file: f, name: f.name, size: f.size }); });
    var pastedText = pasted ? pasted.value.trim() : "";
    if (pastedText) { items.push({ text: pastedText, name: text("pasted"), size: pastedText.length }); }
    return items;
  }

  // Said by screen readers (role=status): the start, each file sent, the end. Not the bytes: too often.
  function say(text) { announce.textContent = text; }

  function addLine(entry) {
    var li = document.createElement("li");
    li.className = "upload-result outcome-" + entry.outcome;
    li.setAttribute("data-outcome", entry.outcome);
    var name = document.createElement("span");
    name.textContent = entry.name + ": ";
    li.appendChild(name);
    var what = document.createElement(entry.url ? "a" : "span");
    what.textContent = outcomeText(entry.outcome);
    if (entry.url) {
      what.href = entry.url;
      what.textContent += " " + text("article", { number: entry.article });
    }
    li.appendChild(what);
    if (entry.reason && entry.outcome === "refused") {
      li.appendChild(document.createTextNode(": " + entry.reason));
    }
    results.appendChild(li);
    if (counts[entry.outcome] !== undefined) { counts[entry.outcome] += 1; }
    summary.textContent = text("summary", { "new": counts["new"], duplicate: counts.duplicate, refused: counts.refused });
    say(entry.name + ": " + outcomeText(entry.outcome) + ". " + summary.textContent + ".");
  }

  function handleLine(line, state) {
    var message;
    try { message = JSON.parse(line); } catch (e) { return; }
    if (message.batch) {
      state.batch = message.batch;
      done.querySelector("[data-batch-link]").href = message.batch_url;
    } else if (message.outcome) {
      addLine(message);
    }
  }

  // Read the complete lines that arrived since the last call (the answer streams in).
  function readLines(xhr, state) {
    var received = xhr.responseText || "";
    var end = received.lastIndexOf("\n");
    if (end < state.read) { return; }
    received.slice(state.read, end).split("\n").forEach(function (line) {
      if (line.trim()) { handleLine(line, state); }
    });
    state.read = end + 1;
  }

  function errorsOf(xhr) {
    try {
      var errors = JSON.parse(xhr.responseText).errors || {};
      return Object.keys(errors).map(function (k) {
        return errors[k].map(function (e) { return e.message; }).join(" ");
      }).join(" ");
    } catch (e) {
      return text("server", { status: xhr.status });
    }
  }

  function body(item, state) {
    var data = new FormData();
    ["csrfmiddlewaretoken", "source_name", "source_url", "published_override"].forEach(function (name) {
      var field = form.elements[name];
      if (field) { data.append(name, field.value); }
    });
    if (state.batch) { data.append("batch", state.batch); }
    if (item.file) { data.append("upload", item.file, item.name); } else { data.append("pasted_text", item.text); }
    return data;
  }

  function send(item, state, next) {
    var xhr = new XMLHttpRequest();
    state.read = 0;
    xhr.open("POST", url);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.onprogress = function (event) {
      showBytes(state.sent + Math.min(event.loaded, item.size), state.total);
    };
    xhr.onprogress = function () { readLines(xhr, state); };
    xhr.onload = function () {
      if (xhr.status === 200) {
        readLines(xhr, state);
      } else {
        addLine({ name: item.name, outcome: "refused", reason: errorsOf(xhr) });
      }
      finish();
    };
    xhr.onerror = function () {
      addLine({ name: item.name, outcome: "refused", reason: text("connection") });
      finish();
    };
    function finish() {
      state.sent += item.size;
      showBytes(state.sent, state.total);
      next();
    }
    xhr.send(body(item, state));
  }

  function showBytes(sent, total) {
    bar.max = Math.max(total, 1);
    bar.value = sent;
    bytesText.textContent = text("sent", { sent: size(sent), total: size(total) });
  }

  form.addEventListener("submit", function (event) {
    var items = chosenItems();
    if (!items.length) { return; } // the form says what is missing
    event.preventDefault();
    var state = { batch: null, sent: 0, total: 0, read: 0 };
    counts = { "new": 0, duplicate: 0, refused: 0 };
    results.textContent = "";
    summary.textContent = "";
    items.forEach(function (item) { state.total += item.size; });
    panel.hidden = false;
    done.hidden = true;
    submit.disabled = true;
    showBytes(0, state.total);
    say(text("starting", { count: items.length, size: size(state.total) }));
    var at = 0;
    (function next() {
      if (at < items.length) {
        send(items[at], state, next);
        at += 1;
        return;
      }
      submit.disabled = false;
      dropped = [];
      showDropped();
      if (fileInput) { fileInput.value = ""; }
      if (pasted) { pasted.value = ""; }
      done.hidden = !state.batch;
      say(state.batch ? text("finished-link", { summary: summary.textContent })
        : text("finished", { summary: summary.textContent }));
      // The disabled button lost the focus: give it to what comes next, not back to the top of the page.
      var onward = state.batch ? done.querySelector("[data-batch-link]") : submit;
      if (document.activeElement === document.body || document.activeElement === submit) { onward.focus(); }
    }());
  });
}());
