/* Progressive enhancement for the public site: every page works without this file.
   Mobile menu, gallery viewer, coverage tabs, copy-link button, click-to-load video. */
(function () {
  "use strict";
  // The "js" class on <html> is set by base.html's head, before the first paint.

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  function isRtl(el) { return getComputedStyle(el).direction === "rtl"; }

  function setupMenu() {
    var button = document.querySelector(".menu-toggle");
    var menus = document.getElementById("site-menu");
    if (!button || !menus) return;
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menus.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      set(open);
      if (open) {
        var first = menus.querySelector("a");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  function setupGallery(gallery) {
    var track = gallery.querySelector("[data-gallery-track]");
    var slides = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-slide]"));
    var controls = gallery.querySelector("[data-gallery-controls]");
    var prev = gallery.querySelector("[data-gallery-prev]");
    var next = gallery.querySelector("[data-gallery-next]");
    var counter = gallery.querySelector("[data-gallery-current]");
    var digits = document.documentElement.lang === "ar" ? "٠١٢٣٤٥٦٧٨٩" : "0123456789";
    var current = 0;
    if (!track || slides.length < 2) return;
    controls.hidden = false;

    function localDigits(n) { return String(n).replace(/[0-9]/g, function (d) { return digits[d]; }); }
    function update(index) {
      current = index;
      counter.textContent = localDigits(index + 1);
      prev.disabled = index === 0;
      next.disabled = index === slides.length - 1;
      slides.forEach(function (slide, i) { slide.setAttribute("aria-hidden", i === index ? "false" : "true"); });
    }
    function go(index) {
      index = Math.max(0, Math.min(slides.length - 1, index));
      var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      var offset = slides[index].offsetLeft - slides[0].offsetLeft;
      track.scrollTo({ left: offset, behavior: reduce ? "auto" : "smooth" });
      update(index);
    }
    function nearest() {
      var box = track.getBoundingClientRect();
      var best = 0, bestDistance = Infinity;
      slides.forEach(function (slide, i) {
        var distance = Math.abs(slide.getBoundingClientRect().left - box.left);
        if (distance < bestDistance) { best = i; bestDistance = distance; }
      });
      return best;
    }
    var timer;
    track.addEventListener("scroll", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { update(nearest()); }, 80);
    }, { passive: true });
    prev.addEventListener("click", function () { go(current - 1); });
    next.addEventListener("click", function () { go(current + 1); });
    track.addEventListener("keydown", function (event) {
      var forward = isRtl(track) ? "ArrowLeft" : "ArrowRight";
      var back = isRtl(track) ? "ArrowRight" : "ArrowLeft";
      if (event.key === forward) { event.preventDefault(); go(current + 1); }
      else if (event.key === back) { event.preventDefault(); go(current - 1); }
      else if (event.key === "Home") { event.preventDefault(); go(0); }
      else if (event.key === "End") { event.preventDefault(); go(slides.length - 1); }
    });
    update(0);
  }

  function setupTabs(container, number) {
    var panels = Array.prototype.slice.call(container.querySelectorAll("[data-tab-panel]"));
    if (panels.length < 2) return;
    var list = document.createElement("div");
    list.setAttribute("role", "tablist");
    var tabs = panels.map(function (panel, i) {
      var heading = panel.querySelector(".tab-heading");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = "tab-" + number + "-" + i;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      tab.textContent = heading ? heading.firstChild.textContent.trim() : String(i + 1);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      list.appendChild(tab);
      return tab;
    });
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var on = i === index;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) tabs[index].focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(i, false); });
      tab.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (step === undefined) return;
        if (isRtl(list)) step = -step;
        event.preventDefault();
        select((i + step + tabs.length) % tabs.length, true);
      });
    });
    panels[0].parentNode.insertBefore(list, panels[0]);
    select(0, false);
  }

  function setupCopyLink(link) {
    var status = document.querySelector("[data-copy-status]");
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return;
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        if (status) status.textContent = link.getAttribute("data-copied-text");
        link.classList.add("is-copied");
      });
    });
  }

  function setupVideoFacade(facade) {
    facade.addEventListener("click", function (event) {
      event.preventDefault();
      var url = facade.getAttribute("data-embed-url");
      var iframe = document.createElement("iframe");
      iframe.src = url + (url.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
      iframe.title = facade.getAttribute("data-embed-title");
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.allowFullscreen = true;
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      facade.replaceWith(iframe);
      iframe.focus();
    });
  }

  ready(function () {
    setupMenu();
    document.querySelectorAll("[data-gallery]").forEach(setupGallery);
    document.querySelectorAll("[data-tabs]").forEach(setupTabs);
    document.querySelectorAll("[data-copy-link]").forEach(setupCopyLink);
    document.querySelectorAll("[data-video-facade]").forEach(setupVideoFacade);
  });
})();
