/* Keeps the breaking news ticker current without reloading the page.
 *
 * The server renders the ticker (templates/includes/breaking_ticker.html) with
 * the ETag of its payload; this script polls /<edition>/breaking.json every
 * 10 seconds with If-None-Match, so an unchanged ticker costs a 304. Items are
 * built with textContent only: their text never becomes markup. New items are
 * announced once through the polite status line, not the moving list.
 */
(function () {
  "use strict";

  var POLL_MS = 10000;
  var SPEED_PX_PER_SECOND = 70;
  var MIN_DURATION_SECONDS = 20;

  function Ticker(root) {
    this.root = root;
    this.bar = root.querySelector(".breaking");
    this.list = root.querySelector("[data-breaking-list]");
    this.announcer = root.querySelector("[data-breaking-announcer]");
    this.pauseButton = root.querySelector(".breaking__pause");
    this.url = root.dataset.url;
    this.etag = root.dataset.etag || "";
    this.seen = new Set(
      Array.prototype.map.call(this.list.children, function (li) { return Number(li.dataset.id); })
    );
    this.timer = null;
    this.setUpPause();
    this.setDuration();
    this.schedule();
    document.addEventListener("visibilitychange", this.onVisibility.bind(this));
  }

  Ticker.prototype.setUpPause = function () {
    var button = this.pauseButton;
    var bar = this.bar;
    button.hidden = false;
    button.addEventListener("click", function () {
      var paused = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(paused));
      bar.classList.toggle("is-paused", paused);
    });
  };

  /* Same reading speed however long the list is. */
  Ticker.prototype.setDuration = function () {
    var seconds = Math.max(MIN_DURATION_SECONDS, Math.round(this.list.scrollWidth / SPEED_PX_PER_SECOND));
    this.list.style.setProperty("--breaking-duration", seconds + "s");
  };

  Ticker.prototype.schedule = function () {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.poll.bind(this), POLL_MS);
  };

  Ticker.prototype.onVisibility = function () {
    if (!document.hidden) {
      this.poll();
    }
  };

  Ticker.prototype.poll = function () {
    var self = this;
    if (document.hidden) {
      clearTimeout(this.timer);
      return;
    }
    var headers = { Accept: "application/json" };
    if (this.etag) {
      headers["If-None-Match"] = this.etag;
    }
    fetch(this.url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status !== 200) {
          return null;
        }
        self.etag = response.headers.get("ETag") || "";
        return response.json();
      })
      .then(function (payload) {
        if (payload && Array.isArray(payload.items)) {
          self.update(payload.items);
        }
      })
      .catch(function () {
        /* Offline or a server hiccup: keep what is shown and try again later. */
      })
      .then(function () {
        self.schedule();
      });
  };

  Ticker.prototype.update = function (items) {
    var seen = this.seen;
    var fresh = items.filter(function (item) { return !seen.has(item.id); });
    this.list.replaceChildren.apply(this.list, items.map(this.renderItem.bind(this)));
    this.bar.hidden = items.length === 0;
    this.seen = new Set(items.map(function (item) { return item.id; }));
    this.setDuration();
    if (fresh.length) {
      this.announce(fresh);
    }
  };

  Ticker.prototype.renderItem = function (item) {
    var li = document.createElement("li");
    li.className = "breaking__item" + (item.urgent ? " breaking__item--urgent" : "");
    li.dataset.id = item.id;
    if (item.urgent) {
      var badge = document.createElement("span");
      badge.className = "breaking__urgent";
      badge.textContent = this.root.dataset.urgentLabel;
      li.append(badge, " ");
    }
    var holder = li;
    if (item.url && item.url.charAt(0) === "/" && item.url.charAt(1) !== "/") {
      holder = document.createElement("a");
      holder.href = item.url;
      li.append(holder);
    }
    if (item.attribution) {
      var strong = document.createElement("strong");
      strong.className = "breaking__attribution";
      strong.textContent = item.attribution + ":";
      holder.append(strong, " " + item.statement);
    } else {
      holder.append(item.text);
    }
    return li;
  };

  Ticker.prototype.announce = function (items) {
    var label = this.root.dataset.announceLabel;
    this.announcer.textContent = items.map(function (item) { return label + " " + item.text; }).join(" ");
  };

  function start() {
    if (!window.fetch) {
      return;
    }
    document.querySelectorAll("[data-breaking]").forEach(function (root) {
      new Ticker(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
