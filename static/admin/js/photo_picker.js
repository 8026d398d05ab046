/* The main photo picker (media.widgets.PhotoPickerWidget): the chosen photo's thumbnail, caption and
   credit follow the raw-id box, and a picture dropped on it is uploaded in place and chosen. */
(function () {
  "use strict";

  function setUp(picker) {
    const input = document.getElementById(picker.dataset.input);
    const card = picker.querySelector(".photo-picker-card");
    const thumb = card.querySelector("img");
    const caption = card.querySelector(".photo-picker-caption");
    const credit = card.querySelector(".photo-picker-credit");
    const zone = picker.querySelector("[data-drop-zone]");
    const errors = picker.querySelector("[data-upload-errors]");
    const status = picker.querySelector("[data-upload-status]");
    const fields = picker.querySelectorAll("[data-upload-field]");
    if (!input) {
      return;
    }

    function show(photo) {
      if (!photo) {
        card.hidden = true;
        return;
      }
      thumb.src = photo.thumbnail;
      thumb.alt = photo.alt;
      caption.textContent = photo.caption;
      credit.textContent = photo.credit;
      card.hidden = false;
    }

    function cardUrl(id) {
      return picker.dataset.cardUrl.replace(/0\/card\.json$/, id + "/card.json");
    }

    function load() {
      const id = input.value.trim();
      if (!/^\d+$/.test(id)) {
        show(null);
        return;
      }
      fetch(cardUrl(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(show)
        .catch(function () { show(null); });
    }

    function report(found) {
      errors.replaceChildren();
      Object.keys(found || {}).forEach(function (name) {
        const field = picker.querySelector('[data-upload-field="' + name + '"]');
        const label = field ? field.parentNode.firstChild.textContent.trim() + ": " : "";
        found[name].forEach(function (message) {
          const item = document.createElement("li");
          item.textContent = label + message;
          errors.appendChild(item);
        });
        if (field) {
          field.setAttribute("aria-invalid", "true");
        }
      });
      errors.hidden = !errors.childElementCount;
    }

    function upload(file) {
      const data = new FormData();
      data.append("image", file);
      fields.forEach(function (field) {
        data.append(field.dataset.uploadField, field.value);
        field.removeAttribute("aria-invalid");
      });
      report({});
      status.textContent = picker.dataset.uploading;
      const token = document.querySelector("[name=csrfmiddlewaretoken]");
      fetch(picker.dataset.uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (!answer.ok) {
            status.textContent = "";
            report(answer.body.errors);
            return;
          }
          input.value = answer.body.id;
          show(answer.body);
          fields.forEach(function (field) { field.value = ""; });
          status.textContent = picker.dataset.uploaded;
        })
        .catch(function () {
          status.textContent = "";
          report({ __all__: [picker.dataset.failed] });
        });
    }

    // The raw-id popup announces its choice with a jQuery event, which native listeners miss.
    django.jQuery(input).on("change", load);
    input.addEventListener("input", load);
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("is-dragging");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("is-dragging"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("is-dragging");
      if (event.dataTransfer.files.length) {
        upload(event.dataTransfer.files[0]);
      }
    });
    picker.querySelector("[data-upload-file]").addEventListener("change", function (event) {
      if (event.target.files.length) {
        upload(event.target.files[0]);
        event.target.value = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-photo-picker]").forEach(setUp);
  });
})();
