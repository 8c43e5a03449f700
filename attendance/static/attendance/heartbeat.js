/* Lesson heartbeats for the hours ledger (家庭学时).
 *
 * Attaches to the lesson page's <video data-attendance-lesson>. It records the seconds
 * actually played (not the playhead) while the page is visible and at no more than
 * normal speed, and reports them every 10 seconds and when the page is left. The
 * server checks every claim against its own clock; this script only reports honestly.
 * Plain JS, no dependencies; independent of the player script.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var video = document.querySelector("video[data-attendance-lesson]");
  if (!script || !video || !window.fetch) return;

  var START_URL = script.dataset.startUrl;
  var BEAT_URL = script.dataset.beatUrl;
  var CSRF = script.dataset.csrf;
  var BEAT_MS = 10000;
  var MAX_STEP = 15; // seconds between two timeupdates that may still count as playing
  var SLACK = 0.5; // seconds the playhead may run ahead of the wall clock between them

  var session = null;
  var seq = 0;
  var pending = []; // [from, to] ranges played since the last accepted beat
  var last = null; // playhead at the previous timeupdate, null after a seek
  var lastWall = 0; // performance.now() at the previous timeupdate
  var stopped = false;
  var timer = null;
  var inflight = false; // one beat at a time: beats overtaking each other would be refused

  function visible() {
    return document.visibilityState === "visible";
  }

  function addRange(from, to) {
    var tail = pending[pending.length - 1];
    if (tail && Math.abs(tail[1] - from) < 0.01) tail[1] = to;
    else pending.push([from, to]);
  }

  // A step counts when the playhead moved forward by no more than the time that passed:
  // a busy phone fires timeupdate late, a seek moves the playhead faster than the clock.
  // Nothing counts before the server has opened the session: its clock starts there.
  function onTimeUpdate() {
    var now = video.currentTime;
    var wall = performance.now();
    var step = last === null ? 0 : now - last;
    var elapsed = (wall - lastWall) / 1000;
    if (session && !video.seeking && visible() && video.playbackRate <= 1 &&
        step > 0 && step <= MAX_STEP && step <= elapsed + SLACK) {
      addRange(last, now);
    }
    last = now;
    lastWall = wall;
  }

  function payload() {
    seq += 1;
    var ranges = pending.map(function (r) {
      return [Math.round(r[0] * 100) / 100, Math.round(r[1] * 100) / 100];
    });
    pending = [];
    // Ranges are only recorded while the page is visible, so a beat carrying some was
    // played visibly even when it leaves as the page hides (pagehide, tab switch).
    return {
      session: session, seq: seq, ranges: ranges, position: video.currentTime,
      visible: ranges.length > 0 || visible(), rate: video.playbackRate
    };
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": CSRF},
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (body) {
        body.status = response.status;
        return body;
      });
    });
  }

  function report(body) {
    video.dispatchEvent(new CustomEvent("attendance:progress", {detail: body}));
    if (body.error === "superseded" || body.error === "unknown_session") stop();
  }

  function beat() {
    if (!session || stopped || inflight) return;
    inflight = true;
    var data = payload();
    post(BEAT_URL, data).then(function (body) {
      // Overtaken by a beacon: the server merges unique seconds, so sending them again
      // with the next beat can only add what it has not counted yet.
      if (body.error === "replayed") pending = data.ranges.concat(pending);
      report(body);
    }).catch(function () {
      // Offline for a moment: keep the ranges for the next beat.
      pending = data.ranges.concat(pending);
    }).then(function () { inflight = false; });
  }

  // Only with something to report: two beacons in a row (hidden, then pagehide) may reach
  // the server in either order, and the later-numbered one would make it refuse the other.
  function beacon() {
    if (!session || stopped || !pending.length || !navigator.sendBeacon) return;
    var form = new URLSearchParams();
    form.set("csrfmiddlewaretoken", CSRF);
    form.set("payload", JSON.stringify(payload()));
    navigator.sendBeacon(BEAT_URL, form);
  }

  function stop() {
    stopped = true;
    clearInterval(timer);
  }

  function start() {
    post(START_URL, {lesson: Number(video.dataset.attendanceLesson)}).then(function (body) {
      if (!body.ok) return report(body);
      session = body.session;
      seq = body.seq;
      video.dataset.attendanceSession = session; // for other scripts (and tests) to see
      video.dispatchEvent(new CustomEvent("attendance:session", {detail: body}));
      timer = setInterval(beat, BEAT_MS);
    });
  }

  // Open the session when the page opens, not at the first "playing": the server's clock
  // for this viewing starts when it receives this request, and what is played before the
  // answer arrives would not count.
  start();
  video.addEventListener("timeupdate", onTimeUpdate);
  video.addEventListener("seeking", function () { last = null; });
  video.addEventListener("pause", onTimeUpdate);
  video.addEventListener("ratechange", function () { last = null; });
  document.addEventListener("visibilitychange", function () {
    last = null;
    // A beacon, not fetch: hiding is often the page going away, which cancels fetches.
    if (!visible()) beacon();
  });
  window.addEventListener("pagehide", beacon);
})();
