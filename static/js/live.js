/* Brings a live story's new posts in without a reload.
 *
 * The server renders the posts (templates/live/story.html), so the page works without this
 * script. While the story is open and the reader is where new posts appear (the first page
 * newest first, the last page oldest first), this polls the story's updates.json every
 * 10 seconds; the browser revalidates with If-None-Match, so an unchanged story costs a 304.
 * New posts wait behind a "N new updates" button, so the text under the reader's eyes does
 * not move; screen readers hear the count once, politely. Edited posts are replaced in place
 * and deleted ones removed. Post HTML comes from our own templates and sanitised bodies.
 */
(function () {
  "use strict";

  var POLL_MS = 10000;

  function LiveStory(root) {
    this.root = root;
    this.url = root.dataset.updatesUrl;
    this.oldestFirst = root.dataset.order === "oldest";
    this.list = root.querySelector("[data-live-posts]");
    this.bar = root.querySelector("[data-live-new]");
    this.button = root.querySelector("[data-live-show]");
    this.announcer = root.querySelector("[data-live-announce]");
    this.labels = JSON.parse(document.getElementById("live-new-update-labels").textContent);
    this.plural = new Intl.PluralRules(document.documentElement.lang);
    this.digits = new Intl.NumberFormat(document.documentElement.lang === "ar" ? "ar-EG" : document.documentElement.lang);
    this.waiting = [];
    this.button.addEventListener("click", this.show.bind(this));
    this.schedule();
  }

  LiveStory.prototype.schedule = function () {
    window.setTimeout(this.poll.bind(this), POLL_MS);
  };

  LiveStory.prototype.poll = function () {
    var story = this;
    fetch(this.url, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { story.apply(data); }
        if (!data || data.open) { story.schedule(); }
      })
      .catch(function () { story.schedule(); });
  };

  LiveStory.prototype.shown = function (id) {
    return document.getElementById("post-" + id);
  };

  LiveStory.prototype.apply = function (data) {
    var story = this;
    var waitingIds = new Set(this.waiting.map(function (post) { return post.id; }));
    var newest = Math.max.apply(null, [0].concat(
      Array.prototype.map.call(document.querySelectorAll("[data-post-id]"), function (el) { return Number(el.dataset.postId); })
    ));
    data.removed.forEach(function (id) {
      var shown = story.shown(id);
      if (shown) { shown.closest("li, .live-pinned").remove(); }
    });
    data.posts.forEach(function (post) {
      var shown = story.shown(post.id);
      if (shown) {
        if (shown.dataset.updated !== post.updated) { shown.replaceWith(story.element(post.html)); }
      } else if (post.id > newest && !waitingIds.has(post.id) && !post.pinned) {
        story.waiting.push(post);
      }
    });
    this.offer();
  };

  LiveStory.prototype.element = function (html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  };

  LiveStory.prototype.offer = function () {
    var count = this.waiting.length;
    if (!count) { return; }
    var label = (this.labels[this.plural.select(count)] || this.labels.other).replace("{n}", this.digits.format(count));
    this.button.textContent = label;
    this.bar.hidden = false;
    if (this.announcer.textContent !== label) { this.announcer.textContent = label; }
  };

  LiveStory.prototype.show = function () {
    var story = this;
    // Oldest first in time, so each lands in its place whichever order the story reads in.
    this.waiting.sort(function (a, b) { return a.id - b.id; }).forEach(function (post) {
      var item = document.createElement("li");
      item.appendChild(story.element(post.html));
      var empty = story.list.querySelector(".empty");
      if (empty) { empty.remove(); }
      if (story.oldestFirst) { story.list.appendChild(item); } else { story.list.insertBefore(item, story.list.firstChild); }
    });
    var first = this.waiting[this.oldestFirst ? 0 : this.waiting.length - 1];
    this.waiting = [];
    this.bar.hidden = true;
    this.announcer.textContent = "";
    var target = first && this.shown(first.id);
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  };

  document.querySelectorAll("[data-live-story][data-updates-url]").forEach(function (root) {
    if (window.fetch && window.Intl && Intl.PluralRules) { new LiveStory(root); }
  });
})();
