// The participants part (activities/_participants.html): a header checkbox ticks every row.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-check-all]")) { return; }
    var form = box.closest("form");
    form.querySelectorAll('input[type=checkbox][name="' + box.dataset.checkAll + '"]').forEach(function (b) {
      b.checked = box.checked;
    });
  });
})();
