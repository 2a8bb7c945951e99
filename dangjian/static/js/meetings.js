// Meeting forms: "全部出席" on the attendance page and "添加一行" for the agenda, without a round trip.
(function () {
  "use strict";

  document.addEventListener("click", function (e) {
    var fill = e.target.closest("[data-fill-status]");
    if (fill) {
      e.preventDefault();
      var form = fill.closest("form");
      form.querySelectorAll('input[type="radio"][value="' + fill.dataset.fillStatus + '"]').forEach(function (r) {
        if (!r.disabled) { r.checked = true; }
      });
      return;
    }
    var add = e.target.closest("[data-add-row]");
    if (add) {
      e.preventDefault();
      var prefix = add.dataset.addRow;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
      var n = parseInt(total.value, 10);
      if (max && n >= parseInt(max.value, 10)) { add.disabled = true; return; }
      var html = document.getElementById(prefix + "-empty-row").innerHTML.replace(/__prefix__/g, String(n))
        .replace(/__number__/g, String(n + 1));
      document.querySelector('[data-rows="' + prefix + '"]').insertAdjacentHTML("beforeend", html);
      total.value = String(n + 1);
    }
  });
})();
