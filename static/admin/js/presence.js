/* Presence (desk.presence): the open form beats every few seconds, so others see who is editing,
 * and says goodbye by beacon as the tab closes. Each answer lists who else has the story open,
 * shown in #desk-presence (templates/desk/presence.html).
 */
(function () {
  "use strict";

  const box = document.getElementById("desk-presence");
  if (!box) {
    return;
  }
  const url = box.dataset.url;
  const tab = box.dataset.tab;

  function show(messages) {
    box.querySelector("ul").replaceChildren(
      ...messages.map((message) => {
        const item = document.createElement("li");
        item.textContent = message;
        return item;
      }),
    );
    box.hidden = messages.length === 0;
  }

  async function beat() {
    try {
      const response = await window.deskSession.post(url, { tab });
      if (response.ok) {
        show((await response.json()).editing);
      }
    } catch (error) {
      // Offline for now: the next beat tries again.
    }
  }

  setInterval(beat, Number(box.dataset.interval) * 1000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      beat();
    }
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      beat(); // back from the browser's page cache: here again
    }
  });
  window.addEventListener("pagehide", () => window.deskSession.beacon(url, { tab, leaving: true }));
})();
