// Plays a lesson's HLS stream: natively where the browser can (iOS Safari, WeChat on iOS),
// through hls.js (Media Source Extensions) elsewhere. No framework, no CDN.
(function () {
  "use strict";

  function attach(video) {
    var source = video.getAttribute("data-hls-src");
    if (!source) return;
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = source;
      return;
    }
    if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: -1 });
      hls.loadSource(source);
      hls.attachMedia(video);
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (!data.fatal) return;
        if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
          hls.startLoad(); // weak networks: try again from where we were
        } else if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
        } else {
          showError(video);
          hls.destroy();
        }
      });
      video.hls = hls;
      return;
    }
    showError(video);
  }

  function showError(video) {
    var message = video.parentNode.querySelector("[data-player-error]");
    if (message) message.hidden = false;
  }

  document.querySelectorAll("video[data-hls-src]").forEach(attach);
})();
