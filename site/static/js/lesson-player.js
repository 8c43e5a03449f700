// The lesson player. Plays a lesson's HLS stream through hls.js (Media Source Extensions), or
// natively where those are missing (older iOS, WeChat on iOS), and drives the
// server-rendered control bar next to the <video>: play, seek with thumbnail preview, speed,
// quality, captions, low-bandwidth mode, fullscreen, keyboard. Without JavaScript the
// browser's own controls remain. Labels come from the page (translated there); settings
// and the position reached are kept in localStorage. No framework, no CDN.
(function () {
  "use strict";

  var SPEED_KEY = "ps-player-speed";
  var LOW_BANDWIDTH_KEY = "ps-low-bandwidth";
  var CAPTIONS_KEY = "ps-captions";
  var SAVE_EVERY_SECONDS = 5;

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, String(value));
    } catch (e) {
      /* private mode or storage full: settings simply are not remembered */
    }
  }

  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function audioSource(source) {
    return source.replace(/master\.m3u8(\?.*)?$/, "audio/index.m3u8$1");
  }

  // --- Source: native HLS or hls.js ---------------------------------------------------------

  function Player(video) {
    this.video = video;
    this.box = video.closest(".player");
    this.controls = this.box.querySelector("[data-player-controls]");
    this.source = video.getAttribute("data-hls-src");
    this.hasAudio = video.getAttribute("data-has-audio") === "true";
    // hls.js wherever Media Source Extensions exist (quality choice, data saver); the
    // browser's own HLS only where they do not (older iOS, some in-app browsers).
    this.mse = !!(window.Hls && window.Hls.isSupported());
    this.native = !this.mse && !!video.canPlayType("application/vnd.apple.mpegurl");
    this.hls = null;
    this.lowBandwidth = stored(LOW_BANDWIDTH_KEY) === "on";
    this.positionKey = "ps-lesson-position:" + (video.getAttribute("data-lesson-id") || this.source);
    this.lastSaved = 0;
  }

  Player.prototype.load = function (source, startAt) {
    var video = this.video;
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    if (startAt) {
      var seekOnce = function () {
        video.removeEventListener("loadedmetadata", seekOnce);
        if (startAt < video.duration - 1) video.currentTime = startAt;
      };
      video.addEventListener("loadedmetadata", seekOnce);
    }
    if (this.native) {
      video.src = source;
      return true;
    }
    if (!this.mse) return false;
    var hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: -1 });
    var self = this;
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (!data.fatal) return;
      if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
        hls.startLoad(); // weak networks: try again from where we were
      } else if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else {
        self.showError();
        hls.destroy();
      }
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
      self.fillQualities();
    });
    hls.on(window.Hls.Events.LEVEL_SWITCHED, function () {
      self.showCurrentQuality();
    });
    hls.loadSource(source);
    hls.attachMedia(video);
    this.hls = video.hls = hls;
    return true;
  };

  Player.prototype.showError = function () {
    var message = this.box.querySelector("[data-player-error]");
    if (message) message.hidden = false;
  };

  Player.prototype.start = function () {
    var resumeAt = this.resumePosition();
    var source = this.lowBandwidth && this.hasAudio ? audioSource(this.source) : this.source;
    if (!this.load(source, resumeAt)) {
      this.showError();
      return;
    }
    if (!this.controls) return;
    this.video.removeAttribute("controls");
    this.video.setAttribute("tabindex", "0"); // keyboard users reach the player itself
    this.controls.hidden = false;
    this.bindControls();
    this.bindKeyboard();
    this.bindPositionSaving();
    this.loadThumbnails();
    this.showCaptionsButton();
    this.applySpeed(parseFloat(stored(SPEED_KEY)) || 1);
    this.showLowBandwidth();
    if (this.native) this.explainNativeQuality();
  };

  // --- Resume -------------------------------------------------------------------------------

  // The server's position (any device, once attendance records it) wins over this device's.
  Player.prototype.resumePosition = function () {
    var server = parseFloat(this.video.getAttribute("data-resume-position"));
    if (server > 0) return server;
    var local = parseFloat(stored(this.positionKey));
    return local > 0 ? local : 0;
  };

  Player.prototype.savePosition = function (force) {
    var t = this.video.currentTime;
    if (!force && Math.abs(t - this.lastSaved) < SAVE_EVERY_SECONDS) return;
    this.lastSaved = t;
    store(this.positionKey, t > 1 ? t.toFixed(1) : null);
  };

  Player.prototype.bindPositionSaving = function () {
    var self = this;
    this.video.addEventListener("timeupdate", function () {
      self.savePosition(false);
    });
    this.video.addEventListener("pause", function () {
      self.savePosition(true);
    });
    this.video.addEventListener("ended", function () {
      store(self.positionKey, null);
    });
    window.addEventListener("pagehide", function () {
      if (!self.video.ended) self.savePosition(true);
    });
  };

  // --- Control bar --------------------------------------------------------------------------

  Player.prototype.part = function (name) {
    return this.controls.querySelector("[data-" + name + "]");
  };

  Player.prototype.bindControls = function () {
    var self = this;
    var video = this.video;
    var play = this.part("play");
    var seek = this.part("seek");
    var time = this.part("time");
    play.addEventListener("click", function () {
      self.togglePlay();
    });
    video.addEventListener("click", function () {
      self.togglePlay();
    });
    var showState = function () {
      var paused = video.paused;
      play.textContent = play.getAttribute(paused ? "data-label-play" : "data-label-pause");
      play.setAttribute("aria-label", play.textContent);
    };
    video.addEventListener("play", showState);
    video.addEventListener("pause", showState);
    var showTime = function () {
      var duration = isFinite(video.duration) ? video.duration : 0;
      seek.max = duration;
      if (!self.seeking) seek.value = video.currentTime;
      time.textContent = clock(video.currentTime) + " / " + clock(duration);
      seek.setAttribute("aria-valuetext", clock(video.currentTime));
    };
    video.addEventListener("timeupdate", showTime);
    video.addEventListener("durationchange", showTime);
    seek.addEventListener("input", function () {
      self.seeking = true;
      self.preview(parseFloat(seek.value));
    });
    seek.addEventListener("change", function () {
      video.currentTime = parseFloat(seek.value);
      self.seeking = false;
      self.hidePreview();
    });
    seek.addEventListener("pointermove", function (event) {
      var box = seek.getBoundingClientRect();
      var ratio = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      self.preview(ratio * (parseFloat(seek.max) || 0));
    });
    seek.addEventListener("pointerleave", function () {
      if (!self.seeking) self.hidePreview();
    });
    this.part("speed").addEventListener("change", function (event) {
      self.applySpeed(parseFloat(event.target.value));
    });
    this.part("quality").addEventListener("change", function (event) {
      self.chooseQuality(parseInt(event.target.value, 10));
    });
    this.part("mute").addEventListener("click", function () {
      video.muted = !video.muted;
      this.setAttribute("aria-pressed", String(video.muted));
    });
    this.part("low-bandwidth").addEventListener("click", function () {
      self.toggleLowBandwidth();
    });
    this.part("fullscreen").addEventListener("click", function () {
      self.fullscreen();
    });
  };

  Player.prototype.togglePlay = function () {
    if (this.video.paused) {
      var playing = this.video.play();
      if (playing && playing.catch) playing.catch(function () {});
    } else {
      this.video.pause();
    }
  };

  Player.prototype.fullscreen = function () {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (this.box.requestFullscreen) {
      this.box.requestFullscreen();
    } else if (this.video.webkitEnterFullscreen) {
      this.video.webkitEnterFullscreen(); // iOS: only the video element goes fullscreen
    }
  };

  // Space/K play or pause, arrows seek 5 s (left/right) or change volume (up/down), M mutes,
  // F goes fullscreen. Keys typed into a menu or the seek bar keep their own meaning.
  Player.prototype.bindKeyboard = function () {
    var self = this;
    var video = this.video;
    this.box.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (tag === "SELECT" || tag === "INPUT" || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var key = event.key;
      if (key === " " || key === "k" || key === "K") {
        if (tag === "BUTTON" && key === " ") return; // the focused button handles it
        self.togglePlay();
      } else if (key === "ArrowLeft" || key === "ArrowRight") {
        var step = key === "ArrowLeft" ? -5 : 5;
        video.currentTime = Math.max(0, Math.min(video.duration || 0, video.currentTime + step));
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        video.volume = Math.max(0, Math.min(1, video.volume + (key === "ArrowUp" ? 0.1 : -0.1)));
      } else if (key === "m" || key === "M") {
        video.muted = !video.muted;
      } else if (key === "f" || key === "F") {
        self.fullscreen();
      } else {
        return;
      }
      event.preventDefault();
    });
  };

  // --- Speed --------------------------------------------------------------------------------

  Player.prototype.applySpeed = function (rate) {
    if (!(rate >= 0.5 && rate <= 2)) rate = 1;
    this.video.playbackRate = this.video.defaultPlaybackRate = rate;
    this.part("speed").value = String(rate);
    store(SPEED_KEY, rate);
  };

  // --- Quality ------------------------------------------------------------------------------

  Player.prototype.fillQualities = function () {
    var select = this.part("quality");
    if (!select || !this.hls) return;
    var audioLabel = select.getAttribute("data-label-audio");
    while (select.options.length > 1) select.remove(1);
    this.hls.levels.forEach(function (level, index) {
      var label = level.height ? level.height + "p" : audioLabel;
      select.add(new Option(label, String(index)));
    });
    select.value = String(this.hls.autoLevelEnabled ? -1 : this.hls.currentLevel);
    select.disabled = this.hls.levels.length < 2;
  };

  Player.prototype.chooseQuality = function (index) {
    if (!this.hls) return;
    this.hls.currentLevel = index; // -1: adaptive again
    this.showCurrentQuality();
  };

  Player.prototype.showCurrentQuality = function () {
    var select = this.part("quality");
    if (!this.hls || !select) return;
    var index = this.hls.currentLevel === -1 ? this.hls.loadLevel : this.hls.currentLevel;
    var level = this.hls.levels[index];
    select.setAttribute("data-playing", level && level.height ? level.height + "p" : "");
  };

  // Native HLS (iOS, some in-app browsers) picks the rung itself; pages cannot choose one.
  Player.prototype.explainNativeQuality = function () {
    var select = this.part("quality");
    select.disabled = true;
    var note = this.part("quality-note");
    if (note) note.hidden = false;
  };

  // --- Low-bandwidth mode: the audio-only rendition, or the lowest rung without audio -------

  Player.prototype.toggleLowBandwidth = function () {
    this.lowBandwidth = !this.lowBandwidth;
    store(LOW_BANDWIDTH_KEY, this.lowBandwidth ? "on" : null);
    var at = this.video.currentTime;
    var wasPlaying = !this.video.paused;
    if (this.hasAudio) {
      this.load(this.lowBandwidth ? audioSource(this.source) : this.source, at);
      if (wasPlaying) this.togglePlay();
    }
    this.showLowBandwidth();
  };

  Player.prototype.showLowBandwidth = function () {
    var button = this.part("low-bandwidth");
    button.setAttribute("aria-pressed", String(this.lowBandwidth));
    this.box.classList.toggle("low-bandwidth", this.lowBandwidth && this.hasAudio);
    if (!this.hasAudio && this.hls) {
      this.hls.autoLevelCapping = this.lowBandwidth ? 0 : -1;
    }
    var select = this.part("quality");
    if (select && this.hasAudio) select.disabled = this.lowBandwidth || this.native;
  };

  // --- Captions (a <track kind="captions"> on the video) ------------------------------------

  Player.prototype.captionTracks = function () {
    return Array.prototype.filter.call(this.video.textTracks || [], function (track) {
      return track.kind === "captions" || track.kind === "subtitles";
    });
  };

  Player.prototype.showCaptionsButton = function () {
    var tracks = this.captionTracks();
    var button = this.part("captions");
    if (!tracks.length || !button) return;
    button.hidden = false;
    // On when the page marks a track default (lesson captions are), unless this parent
    // turned captions off before: the choice is remembered like the speed.
    var marked = this.video.querySelector('track[kind="captions"][default]') !== null;
    var on = stored(CAPTIONS_KEY) !== "off" && (marked || tracks[0].mode === "showing");
    var apply = function () {
      tracks.forEach(function (track, i) {
        track.mode = on && i === 0 ? "showing" : "disabled";
      });
      button.setAttribute("aria-pressed", String(on));
    };
    apply();
    button.addEventListener("click", function () {
      on = !on;
      store(CAPTIONS_KEY, on ? null : "off");
      apply();
    });
  };

  // --- Seek-bar thumbnails (sprite + WebVTT from the media pipeline) ------------------------

  Player.prototype.loadThumbnails = function () {
    var track = this.video.querySelector('track[kind="metadata"][label="thumbnails"]');
    if (!track || !window.fetch) return;
    var self = this;
    var base = new URL(track.src, window.location.href);
    fetch(base.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (text) {
        self.thumbnails = parseThumbnails(text, base);
      })
      .catch(function () {});
  };

  function seconds(stamp) {
    var parts = stamp.trim().split(":").map(parseFloat);
    return parts.reduce(function (total, part) {
      return total * 60 + part;
    }, 0);
  }

  function parseThumbnails(text, base) {
    var cues = [];
    text.split(/\r?\n\r?\n/).forEach(function (block) {
      var lines = block.trim().split(/\r?\n/);
      var timing = lines.filter(function (line) {
        return line.indexOf("-->") > -1;
      })[0];
      var target = lines[lines.length - 1];
      if (!timing || !target || target === timing) return;
      var span = timing.split("-->");
      var match = /#xywh=(\d+),(\d+),(\d+),(\d+)/.exec(target);
      if (!match) return;
      cues.push({
        start: seconds(span[0]),
        end: seconds(span[1]),
        url: new URL(target.split("#")[0], base).href,
        x: +match[1],
        y: +match[2],
        w: +match[3],
        h: +match[4],
      });
    });
    return cues;
  }

  Player.prototype.preview = function (at) {
    var box = this.part("preview");
    if (!box) return;
    var cue = (this.thumbnails || []).filter(function (c) {
      return at >= c.start && at < c.end;
    })[0];
    var thumb = box.querySelector(".thumb");
    if (cue) {
      thumb.hidden = false;
      thumb.style.width = cue.w + "px";
      thumb.style.height = cue.h + "px";
      thumb.style.backgroundImage = 'url("' + cue.url + '")';
      thumb.style.backgroundPosition = -cue.x + "px " + -cue.y + "px";
    } else {
      thumb.hidden = true;
    }
    box.querySelector(".time").textContent = clock(at);
    var seek = this.part("seek");
    var ratio = seek.max > 0 ? at / seek.max : 0;
    box.style.left = Math.round(ratio * 100) + "%";
    box.hidden = false;
  };

  Player.prototype.hidePreview = function () {
    var box = this.part("preview");
    if (box) box.hidden = true;
  };

  document.querySelectorAll("video[data-hls-src]").forEach(function (video) {
    var player = new Player(video);
    video.player = player;
    player.start();
  });
})();
