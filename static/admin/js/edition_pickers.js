/* The pickers follow the story's edition: when the edition select changes, the section and region
   choices take that edition's names (from terms.json) and the byline's author search offers only
   that edition's authors (authors already chosen from another edition are cleared). */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_edition");
  if (!select || select.dataset.pickers !== "follow") return;
  const endpoint = new URL("../terms.json", window.location.href.replace(/\/(add|\d+\/change)\/.*$/, "/x/"));
  const $ = window.django && window.django.jQuery;

  if ($) {
    // Django's autocomplete sends the term and the field; the author search also needs the edition.
    $.ajaxPrefilter((options) => {
      const asked = new URLSearchParams(typeof options.data === "string" ? options.data : "");
      if (asked.get("model_name") === "byline" && asked.get("field_name") === "author") {
        options.data += `&edition=${encodeURIComponent(select.value)}`;
      }
    });
  }

  async function relabel() {
    endpoint.searchParams.set("edition", select.value);
    const response = await fetch(endpoint, { credentials: "same-origin" });
    if (!response.ok) return;
    const labels = await response.json();
    for (const [name, names] of Object.entries(labels)) {
      const field = document.getElementById(`id_${name}`);
      if (!field) continue;
      for (const option of field.options) {
        if (option.value in names) option.textContent = names[option.value];
      }
    }
  }

  function clearAuthors() {
    if (!$) return;
    $("select[name^='bylines-'][name$='-author']").not("[name*=__prefix__]").val(null).trigger("change");
  }

  select.addEventListener("change", () => {
    relabel();
    clearAuthors();
  });
});
