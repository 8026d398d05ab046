/* The photo admin's focal point: a click on the preview sets "focal point across" and "down" (0–1). */
(function () {
  "use strict";

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function setUp(picker) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    const across = document.getElementById("id_focal_x");
    const down = document.getElementById("id_focal_y");
    if (!image || !marker || !across || !down) {
      return;
    }
    image.classList.add("focal-target");

    function place() {
      // Physical left/top on purpose: a picture is not mirrored in right-to-left pages.
      marker.style.left = clamp(parseFloat(across.value) || 0) * 100 + "%";
      marker.style.top = clamp(parseFloat(down.value) || 0) * 100 + "%";
      marker.hidden = false;
    }

    image.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      across.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
      down.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
      place();
    });
    across.addEventListener("input", place);
    down.addEventListener("input", place);
    place();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(setUp);
  });
})();
