// Fill the search box's <datalist> with suggestions (Chinese or pinyin) as the parent types.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = input.value.trim();
      var ticket = ++latest;
      if (!typed) { list.textContent = ""; return; }
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(typed), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (ticket !== latest) return; // a newer request is on its way
          list.textContent = "";
          data.suggestions.forEach(function (word) {
            var option = document.createElement("option");
            option.value = word;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
