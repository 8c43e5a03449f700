// Video library: refresh the status of running transcodes every few seconds.
(function () {
  "use strict";
  const POLL_MS = 3000;

  function update(cell, data) {
    const label = cell.querySelector("[data-video-status-label]");
    const bar = cell.querySelector("[data-video-progress]");
    const text = cell.querySelector("[data-video-progress-text]");
    const preview = cell.querySelector("[data-video-preview]");
    if (label) label.textContent = data.status_label;
    if (preview) preview.hidden = !data.preview;
    if (bar) bar.value = data.progress;
    if (text) text.textContent = data.progress + "%";
    if (!data.running) window.location.reload(); // show the error or the retry button
  }

  function poll(cell) {
    const url = cell.dataset.videoStatusUrl;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        update(cell, data);
        if (data.running) window.setTimeout(() => poll(cell), POLL_MS);
      })
      .catch(() => window.setTimeout(() => poll(cell), POLL_MS * 3));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-video-status-url]").forEach((cell) => {
      if (cell.dataset.videoStatusUrl) window.setTimeout(() => poll(cell), POLL_MS);
    });
  });
})();
