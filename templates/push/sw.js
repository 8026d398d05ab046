{% load i18n %}/* The {{ edition.name|escapejs }} edition's service worker: shows breaking news alerts and opens the story. */
"use strict";

const EDITION = {lang: "{{ edition.code|escapejs }}", dir: "{{ edition.direction|escapejs }}", home: "{{ home|escapejs }}"};
const FALLBACK_TITLE = "{% filter escapejs %}{% translate 'Breaking news' %}{% endfilter %}";
const FALLBACK_BODY = "{% filter escapejs %}{% translate 'Open the site for the latest.' %}{% endfilter %}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch (error) {
    alert = {};
  }
  const url = typeof alert.url === "string" ? alert.url : EDITION.home;
  event.waitUntil(
    self.registration.showNotification(alert.title || FALLBACK_TITLE, {
      body: alert.body || FALLBACK_BODY,
      lang: alert.lang || EDITION.lang,
      dir: EDITION.dir,
      tag: alert.tag || "alert",
      data: {url},
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || EDITION.home;
  event.waitUntil(
    self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
      for (const client of windows) {
        if (client.url === url && "focus" in client) {
          return client.focus();
        }
      }
      return self.clients.openWindow(url);
    })
  );
});
