/* belregions editors' pages: keep parse statuses current without reloading.
 *
 * Every element with data-status-url is polled (GET, JSON from the database):
 * the counts ([data-count=<status>], [data-total]) and the status badges of the
 * articles on the page ([data-article-status=<id>]) are rewritten in place.
 * Polls every 2 s while something is queued or parsing, every 10 s otherwise,
 * and not at all while the tab is hidden. A failed poll says so and retries:
 * the numbers never silently freeze. Text is only ever set with textContent.
 *
 * Its words are the page's language: the template renders each message, translated, into a data-text-*
 * attribute of the polled element (templates/admin/articles/status_counts.html), with {name} where a value
 * goes; the time is written in the page's locale (<html lang>).
 */
(function () {
  "use strict";

  var FAST_MS = 2000;
  var SLOW_MS = 10000;
  var language = document.documentElement.lang || undefined;

  // A message of the panel's data-text-<key>, its {name}s replaced by `values`.
  function text(panel, key, values) {
    var message = panel.getAttribute("data-text-" + key) || "";
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function articleIds() {
    var seen = {};
    document.querySelectorAll("[data-article-status]").forEach(function (el) {
      seen[el.getAttribute("data-article-status")] = true;
    });
    return Object.keys(seen).slice(0, 500);
  }

  function setText(root, selector, value) {
    root.querySelectorAll(selector).forEach(function (el) {
      el.textContent = String(value);
    });
  }

  function renderCounts(panel, data) {
    Object.keys(data.counts).forEach(function (status) {
      setText(panel, '[data-count="' + status + '"]', data.counts[status]);
    });
    setText(panel, "[data-total]", data.total);
    renderWaiting(panel, data.waiting || []);
  }

  // Why articles wait ("3 waiting for the broker since 12:03 (will retry)", "1 worker lost, re-queued").
  function renderWaiting(panel, notes) {
    panel.querySelectorAll("[data-status-waiting]").forEach(function (list) {
      list.replaceChildren();
      notes.forEach(function (note) {
        var item = document.createElement("li");
        item.className = "status-note waiting-" + note.kind;
        item.textContent = note.text;
        list.appendChild(item);
      });
    });
  }

  function renderArticle(article) {
    document.querySelectorAll('[data-article-status="' + article.id + '"]').forEach(function (badge) {
      if (badge.getAttribute("data-initial-status") === null) {
        badge.setAttribute("data-initial-status", badge.className);
      }
      badge.textContent = article.label;
      badge.className = "status status-" + article.status;
      badge.title = article.error || article.note || "";
    });
    setText(document, '[data-article-error="' + article.id + '"]', article.error || article.note || "");
  }

  function noteChanges() {
    document.querySelectorAll("[data-status-note]").forEach(function (note) {
      var changed = Array.prototype.some.call(document.querySelectorAll("[data-initial-status]"), function (b) {
        return b.getAttribute("data-initial-status") !== b.className;
      });
      note.hidden = !changed;
    });
  }

  function say(panel, text, isError) {
    panel.querySelectorAll("[data-status-updated]").forEach(function (el) {
      el.textContent = text;
      el.classList.toggle("errornote", Boolean(isError));
    });
  }

  function schedule(panel, delay) {
    window.setTimeout(function () { poll(panel); }, delay);
  }

  function poll(panel) {
    if (document.hidden) {
      schedule(panel, FAST_MS);
      return;
    }
    var url = new URL(panel.getAttribute("data-status-url"), window.location.href);
    var ids = articleIds();
    if (ids.length) {
      url.searchParams.set("ids", ids.join(","));
    }
    fetch(url.toString(), {credentials: "same-origin", cache: "no-store", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(text(panel, "server", { status: response.status }));
        }
        return response.json();
      })
      .then(function (data) {
        renderCounts(panel, data);
        (data.articles || []).forEach(renderArticle);
        noteChanges();
        var time = new Date().toLocaleTimeString(language);
        say(panel, data.in_progress ? text(panel, "updated-in-progress", { time: time, count: data.in_progress })
          : text(panel, "updated", { time: time }), false);
        schedule(panel, data.in_progress ? FAST_MS : SLOW_MS);
      })
      .catch(function (error) {
        say(panel, text(panel, "failed", { error: error.message }), true);
        schedule(panel, SLOW_MS);
      });
  }

  function start() {
    document.querySelectorAll("[data-status-url]").forEach(function (panel) {
      poll(panel);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
