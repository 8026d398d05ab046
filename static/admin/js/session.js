/* The desk's talk with the server from an open form (desk.views): posts with the CSRF token, and
 * when the session has expired, a login dialog in the page, so the form and what was typed stay.
 *
 * window.deskSession:
 *   post(url, body)   POST body as JSON in "payload" (form-encoded, with the CSRF token); a Response.
 *   beacon(url, body) the same through navigator.sendBeacon, for a tab that is closing.
 *   login()           shows the dialog; resolves once logged in again (tokens in the page refreshed).
 *   ensure()          resolves when the session is alive (logging in again first if it is not).
 */
(function () {
  "use strict";

  function csrfToken() {
    const found = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return found ? decodeURIComponent(found[1]) : "";
  }

  function useToken(token) {
    // Logging in rotates the token: the form's own hidden field must carry the new one to save.
    document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach((input) => {
      input.value = token;
    });
  }

  function body(payload) {
    return new URLSearchParams({ csrfmiddlewaretoken: csrfToken(), payload: JSON.stringify(payload) });
  }

  function post(url, payload) {
    return fetch(url, { method: "POST", body: body(payload), credentials: "same-origin" });
  }

  function beacon(url, payload) {
    return navigator.sendBeacon(url, body(payload));
  }

  const dialog = document.getElementById("desk-login-dialog");
  let pending = null;

  async function tryLogin(username, password) {
    const loginUrl = dialog.dataset.loginUrl;
    const sessionUrl = dialog.dataset.sessionUrl;
    await fetch(loginUrl, { credentials: "same-origin" }); // sets a CSRF cookie if there is none
    const form = new URLSearchParams({ username, password, csrfmiddlewaretoken: csrfToken(), next: sessionUrl });
    const response = await fetch(`${loginUrl}?next=${encodeURIComponent(sessionUrl)}`, {
      method: "POST",
      body: form,
      credentials: "same-origin",
    });
    // Logged in, the login view sends us on to the session check, which answers JSON.
    if (!response.ok || !(response.headers.get("content-type") || "").includes("json")) {
      return false;
    }
    useToken((await response.json()).csrf_token);
    return true;
  }

  function login() {
    if (pending) {
      return pending;
    }
    pending = new Promise((resolve) => {
      const password = dialog.querySelector("#desk-login-password");
      const error = dialog.querySelector(".errornote");
      const button = dialog.querySelector("[data-login]");
      async function attempt() {
        button.disabled = true;
        const username = dialog.querySelector("#desk-login-username").value;
        const ok = await tryLogin(username, password.value).catch(() => false);
        button.disabled = false;
        if (!ok) {
          error.hidden = false;
          password.select();
          return;
        }
        button.removeEventListener("click", attempt);
        password.removeEventListener("keydown", onKey);
        password.value = "";
        error.hidden = true;
        dialog.close();
        pending = null;
        resolve();
      }
      function onKey(event) {
        if (event.key === "Enter") {
          event.preventDefault();
          attempt();
        }
      }
      button.addEventListener("click", attempt);
      password.addEventListener("keydown", onKey);
      dialog.showModal();
      password.focus();
    });
    return pending;
  }

  async function ensure() {
    const response = await fetch(dialog.dataset.sessionUrl, { credentials: "same-origin" });
    if (response.status === 401) {
      return login();
    }
    if (!response.ok) {
      throw new Error(`session check answered ${response.status}`);
    }
    useToken((await response.json()).csrf_token);
  }

  // Escape must not close the dialog while the session is still gone.
  dialog.addEventListener("cancel", (event) => event.preventDefault());

  window.deskSession = { post, beacon, login, ensure };
})();
