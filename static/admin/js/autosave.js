/* Autosave of a desk form (desk.autosave): a copy of the whole form goes to the server a few
 * seconds after the last keystroke, and by beacon when the tab is hidden or closed. Each copy is
 * kept in localStorage too until the server has confirmed it, so a lost connection or an expired
 * session loses nothing: the next time the form opens, that copy goes up first and is offered.
 *
 * The settings come from #desk-autosave (templates/desk/autosave.html); the restore offer inside
 * it is rendered by the server (templates/desk/autosave_offer.html).
 */
(function () {
  "use strict";

  const box = document.getElementById("desk-autosave");
  const form = box && document.querySelector(box.dataset.form);
  if (!form) {
    return;
  }
  const url = box.dataset.url;
  const storageKey = box.dataset.key;
  const delay = Number(box.dataset.delay) * 1000;
  const status = box.querySelector(".desk-autosave-status");
  let timer = null;
  let lastKept = null; // the form as last sent, as JSON
  let decided = false; // the writer restored or discarded the offer
  let checked = false; // the session was checked before saving: the form is on its way

  function editors() {
    return window.tinymce ? window.tinymce.get().filter((editor) => form.contains(editor.getElement())) : [];
  }

  function collect() {
    const data = {};
    new FormData(form).forEach((value, name) => {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        (data[name] = data[name] || []).push(value);
      }
    });
    // The body as the editor holds it now, not the textarea it last copied itself into.
    editors().forEach((editor) => {
      const name = editor.getElement().name;
      if (name) {
        data[name] = [editor.getContent()];
      }
    });
    return data;
  }

  function say(message) {
    status.textContent = message;
  }

  function remember(data) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ data, at: Date.now() }));
    } catch (error) {
      // Storage full or switched off: the server copy is still tried.
    }
  }

  function stored() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function forget() {
    localStorage.removeItem(storageKey);
  }

  async function send(data, again = false) {
    let response;
    try {
      response = await window.deskSession.post(url, { data });
    } catch (error) {
      say(box.dataset.msgLocal);
      return false;
    }
    if (response.ok) {
      if (JSON.stringify(stored()?.data) === JSON.stringify(data)) {
        forget();
      }
      const time = new Date((await response.json()).saved_at);
      say(box.dataset.msgSaved.replace("{time}", time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
      return true;
    }
    const answer = await response.json().catch(() => ({}));
    if ((response.status === 401 || answer.error === "csrf") && !again) {
      // Logged out: log in again in the page. A stale token (a login in another tab): take the new one.
      say(box.dataset.msgLocal);
      try {
        await (response.status === 401 ? window.deskSession.login() : window.deskSession.ensure());
      } catch (error) {
        return false; // offline again: the copy waits in this browser
      }
      return send(collect(), true);
    }
    say(`${box.dataset.msgRefused} ${answer.message || response.status}`);
    return false;
  }

  function keep() {
    clearTimeout(timer);
    timer = null;
    const data = collect();
    const text = JSON.stringify(data);
    if (text === lastKept) {
      return;
    }
    lastKept = text;
    remember(data);
    send(data);
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(keep, delay);
  }

  function keepAsTabCloses() {
    if (checked) {
      return; // leaving because the form is being saved
    }
    const data = collect();
    const text = JSON.stringify(data);
    if (text === lastKept) {
      return;
    }
    lastKept = text;
    remember(data); // stays until a later page has confirmed it with the server
    window.deskSession.beacon(url, { data });
  }

  // Restoring fills the form; nothing is saved until the writer saves ----------------------

  function addMissingRows(data) {
    // Rows the copy has that this page does not (added with "Add another"): added the same way first.
    Object.keys(data)
      .filter((name) => name.endsWith("-TOTAL_FORMS"))
      .forEach((name) => {
        const prefix = name.slice(0, -"-TOTAL_FORMS".length);
        const total = form.elements.namedItem(name);
        const add = document.querySelector(`#${CSS.escape(prefix)}-group .add-row a`);
        const wanted = parseInt((data[name] || [])[0], 10);
        while (total && add && parseInt(total.value, 10) < wanted) {
          const before = total.value;
          add.click();
          if (total.value === before) {
            break; // the formset is full
          }
        }
      });
  }

  function fill(data) {
    addMissingRows(data);
    const seen = {};
    Array.from(form.elements).forEach((element) => {
      const name = element.name;
      if (!name || ["hidden", "file", "submit", "button"].includes(element.type) || name === "csrfmiddlewaretoken") {
        return;
      }
      const values = data[name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value); // an unticked box is absent from the copy
      } else if (element.tagName === "SELECT") {
        values.forEach((value) => {
          if (!Array.from(element.options).some((option) => option.value === value)) {
            element.add(new Option(value, value)); // an autocomplete's choice the page had not loaded
          }
        });
        Array.from(element.options).forEach((option) => {
          option.selected = values.includes(option.value);
        });
      } else if (name in data) {
        const index = seen[name] || 0;
        seen[name] = index + 1;
        element.value = values[index] ?? "";
        const editor = window.tinymce && window.tinymce.get(element.id);
        if (editor) {
          editor.setContent(element.value);
        }
      } else {
        return;
      }
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function wireOffer() {
    const offer = box.querySelector(".desk-autosave-offer");
    if (!offer) {
      return;
    }
    offer.querySelector('[data-autosave-action="restore"]').addEventListener("click", () => {
      decided = true;
      fill(JSON.parse(offer.querySelector("#desk-autosave-data").textContent));
      offer.remove();
      say(box.dataset.msgRestored);
    });
    offer.querySelector('[data-autosave-action="discard"]').addEventListener("click", async () => {
      decided = true;
      offer.remove();
      forget();
      await window.deskSession.post(url, { discard: true });
    });
  }

  async function showOffer() {
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) {
      box.querySelector(".desk-autosave-slot").innerHTML = (await response.json()).offer;
      wireOffer();
    }
  }

  // Starting: once the body editors are up, what the form holds now is the saved state ---------

  function editorsReady() {
    const areas = Array.from(form.querySelectorAll("textarea.tinymce")).filter((area) => !area.closest(".empty-form"));
    return areas.every((area) => window.tinymce && window.tinymce.get(area.id)?.initialized);
  }

  async function start() {
    lastKept = JSON.stringify(collect());
    wireOffer();
    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    editors().forEach((editor) => editor.on("input change", soon));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        keepAsTabCloses();
      }
    });
    window.addEventListener("pagehide", keepAsTabCloses);
    form.addEventListener("submit", checkSessionFirst);
    // A copy the server never confirmed (a lost connection, an expired session, a crash) goes up now,
    // unless the offer on the page is that copy already.
    const copy = stored();
    const offered = box.querySelector("#desk-autosave-data");
    if (copy && offered && same(copy.data, JSON.parse(offered.textContent))) {
      forget();
    } else if (copy && (await send(copy.data)) && !decided) {
      await showOffer();
    }
  }

  function same(one, other) {
    const canonical = (data) => JSON.stringify(Object.keys(data).sort().map((name) => [name, data[name]]));
    return canonical(one) === canonical(other);
  }

  // Saving: make sure the session is alive first, so an expired one asks to log in, not loses the form.
  async function checkSessionFirst(event) {
    if (checked) {
      clearTimeout(timer);
      forget(); // the save holds it now; a refused save comes back with the text in the form
      return;
    }
    event.preventDefault();
    clearTimeout(timer);
    const submitter = event.submitter;
    try {
      await window.deskSession.ensure();
    } catch (error) {
      keep();
      say(box.dataset.msgLocal);
      return;
    }
    checked = true;
    if (submitter) {
      form.requestSubmit(submitter);
    } else {
      form.requestSubmit();
    }
  }

  let waited = 0;
  (function whenReady() {
    if (editorsReady() || waited > 10000) {
      start();
      return;
    }
    waited += 100;
    setTimeout(whenReady, 100);
  })();
})();
