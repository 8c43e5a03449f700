// Video library upload page: send the chosen file with the tus protocol (resumable) instead of
// one multipart POST. Title and collection come from the form and travel as tus metadata; the
// CSRF token travels as the X-CSRFToken header (the tus views are not CSRF-exempt).
// tus-js-client remembers unfinished uploads in localStorage (by file name, size, type and
// modification time), so after a reload choosing the same file again resumes from the
// server's offset. Without tus support the form submits as a plain multipart upload.
(function () {
  "use strict";
  const CHUNK_BYTES = 50 * 1024 * 1024;

  function setUp(panel) {
    const form = document.getElementById("w-editor-form");
    if (!form || !window.tus || !window.tus.isSupported) return;
    const fileInput = form.querySelector("input[type=file][name=file]");
    const title = form.querySelector("[name=title]");
    const collection = form.querySelector("[name=collection]");
    const csrf = form.querySelector("[name=csrfmiddlewaretoken]");
    if (!fileInput || !title || !collection || !csrf) return;

    const progress = panel.querySelector("[data-tus-progress]");
    const percent = panel.querySelector("[data-tus-percent]");
    const message = panel.querySelector("[data-tus-message]");
    const toggle = panel.querySelector("[data-tus-toggle]");
    const text = panel.dataset; // translated messages, see upload.html
    let upload = null;
    let paused = false;

    function show(text) {
      message.textContent = text;
    }

    function onProgress(sent, total) {
      const value = total ? Math.floor((sent / total) * 100) : 0;
      progress.value = value;
      percent.textContent = value + "%";
    }

    function onSuccess(payload) {
      const response = payload && payload.lastResponse;
      const videoId = response && response.getHeader("Upload-Video-Id");
      if (!videoId) {
        show(text.failed);
        return;
      }
      show(text.done);
      window.location.assign(panel.dataset.libraryUrl + "#video-" + videoId);
    }

    function start(file) {
      upload = new window.tus.Upload(file, {
        endpoint: panel.dataset.endpoint,
        chunkSize: CHUNK_BYTES,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        removeFingerprintOnSuccess: true,
        headers: { "X-CSRFToken": csrf.value },
        metadata: { filename: file.name, title: title.value, collection: collection.value },
        onProgress: onProgress,
        onSuccess: onSuccess,
        onError: (error) => {
          paused = true;
          toggle.textContent = text.resume;
          show(text.interrupted.replace("%s", error.message));
        },
      });
      upload.findPreviousUploads().then((previous) => {
        if (previous.length) {
          upload.resumeFromPreviousUpload(previous[0]);
          show(text.resuming);
        }
        upload.start();
      });
    }

    toggle.addEventListener("click", () => {
      if (!upload) return;
      paused = !paused;
      if (paused) {
        upload.abort();
        show(text.paused);
      } else {
        upload.start();
        show(text.uploading);
      }
      toggle.textContent = paused ? text.resume : text.pause;
    });

    form.addEventListener("submit", (event) => {
      const file = fileInput.files && fileInput.files[0];
      // Missing fields: let the form post so the server shows its usual errors.
      if (upload) {
        event.preventDefault(); // already uploading: pause/resume instead
        return;
      }
      if (!file || !title.value.trim() || !collection.value) return;
      event.preventDefault();
      panel.hidden = false;
      form.querySelectorAll("[type=submit]").forEach((button) => (button.disabled = true));
      start(file);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-tus-uploader]").forEach(setUp);
  });
})();
