/* Suggests existing tags while an editor types in the comma-separated tag field, and names the main tag
   (the first one) under it. */
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
  const mainTag = document.querySelector(`[data-main-tag-for="${input.id}"]`);
  function showMainTag() {
    // As the server reads it: commas part the tags, or spaces when there is no comma (quotes keep a name whole).
    const text = input.value.trim();
    const quoted = text.match(/^"([^"]*)"/);
    const first = (quoted ? quoted[1] : text.split(text.includes(",") ? "," : /\s+/)[0]).trim();
    mainTag.querySelector("strong").textContent = first;
    mainTag.hidden = !first;
  }
  if (mainTag) input.addEventListener("input", showMainTag);
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
