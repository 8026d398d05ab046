/* The opt-in prompt for breaking news alerts: discreet, never on a reader's first pages.
 *
 * It appears from the third page a reader opens in an edition, if the browser can receive push
 * messages, the reader has not decided yet (permission "default") and has not said "Not now" in
 * the last 30 days. Its words and the server's key come from /<edition>/push/prompt.json.
 */
"use strict";

(function () {
  const MIN_PAGES = 3;
  const QUIET_DAYS = 30;
  const lang = document.documentElement.lang;
  if (!lang || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  if (Notification.permission !== "default") {
    return;
  }
  const store = window.localStorage;
  const pagesKey = `push-pages-${lang}`;
  const declinedKey = `push-declined-${lang}`;
  const pages = Number(store.getItem(pagesKey) || 0) + 1;
  store.setItem(pagesKey, String(pages));
  const declinedAt = Number(store.getItem(declinedKey) || 0);
  if (pages < MIN_PAGES || Date.now() - declinedAt < QUIET_DAYS * 86400000) {
    return;
  }

  function base64UrlToBytes(value) {
    const base64 = (value + "=".repeat((4 - (value.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  async function turnOn(settings, bar) {
    const registration = await navigator.serviceWorker.register(settings.worker, {scope: settings.scope});
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(settings.key),
    });
    const response = await fetch(settings.subscribe, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(subscription),
    });
    bar.querySelector("p").textContent = response.ok ? settings.done : "";
    bar.querySelectorAll("button").forEach((button) => button.remove());
  }

  fetch(`/${lang}/push/prompt.json`)
    .then((response) => response.json())
    .then((settings) => {
      const bar = document.createElement("aside");
      bar.className = "push-prompt";
      bar.setAttribute("aria-live", "polite");
      const text = document.createElement("p");
      text.textContent = settings.text;
      const accept = document.createElement("button");
      accept.type = "button";
      accept.textContent = settings.accept;
      const decline = document.createElement("button");
      decline.type = "button";
      decline.className = "push-prompt-decline";
      decline.textContent = settings.decline;
      accept.addEventListener("click", () => turnOn(settings, bar).catch(() => bar.remove()));
      decline.addEventListener("click", () => {
        store.setItem(declinedKey, String(Date.now()));
        bar.remove();
      });
      bar.append(text, accept, decline);
      document.body.append(bar);
    })
    .catch(() => {});
})();
