/* Suggests existing tags while an editor types in the comma-separated tag field. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("id_tags");
  if (!input) return;
  const list = document.createElement("datalist");
  list.id = "tag-suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  const endpoint = new URL("../tags.json", window.location.href.replace(/\/(add|\d+\/change)\/.*$/, "/x/"));
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const parts = input.value.split(",");
      const current = parts.pop().trim();
      if (current.length < 1) return;
      endpoint.searchParams.set("q", current);
      const response = await fetch(endpoint, { credentials: "same-origin" });
      if (!response.ok) return;
      const { results } = await response.json();
      const prefix = parts.length ? parts.join(",") + ", " : "";
      list.replaceChildren(...results.map((name) => {
        const option = document.createElement("option");
        option.value = prefix + name;
        return option;
      }));
    }, 150);
  });
});
