/* The story's text (headline, standfirst, body, captions) is typed in its edition's direction and
   language, whatever the admin's; switching the edition select switches them live. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_edition");
  if (!select || !select.dataset.rtlEditions) return;
  const rtl = select.dataset.rtlEditions.split(" ");
  const targets = "#id_headline, #id_standfirst, #id_summary_points, #id_body, .inline-group [name$='-caption']";

  function applyToEditor(editor, dir, lang) {
    for (const node of [editor.getDoc().documentElement, editor.getBody()]) {
      node.setAttribute("dir", dir);
      node.setAttribute("lang", lang);
    }
  }

  function apply() {
    const lang = select.value;
    const dir = rtl.includes(lang) ? "rtl" : "ltr";
    document.querySelectorAll(targets).forEach((input) => {
      input.setAttribute("dir", dir);
      input.setAttribute("lang", lang);
    });
    const editor = window.tinymce && window.tinymce.get("id_body");
    if (editor && editor.initialized) applyToEditor(editor, dir, lang);
  }

  if (window.tinymce) {
    window.tinymce.on("AddEditor", ({ editor }) => editor.on("init", apply));
  }
  select.addEventListener("change", apply);
  document.addEventListener("formset:added", apply);
  apply();
});
