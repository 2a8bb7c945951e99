// Party-organisation tree: the first click on a toggle loads the children (htmx, hx-trigger
// "click once"); later clicks hide or show the loaded list.
document.addEventListener("click", function (e) {
  var btn = e.target.closest(".tree button.toggle");
  if (!btn || !btn.hasAttribute("data-loaded")) { return; }
  var list = document.getElementById(btn.getAttribute("aria-controls"));
  if (!list) { return; }
  var open = btn.getAttribute("aria-expanded") === "true";
  list.hidden = open;
  btn.setAttribute("aria-expanded", open ? "false" : "true");
  btn.textContent = open ? "\u25B8" : "\u25BE";
});
document.addEventListener("htmx:afterSwap", function (e) {
  var target = e.detail && e.detail.target;
  if (!target || !target.id) { return; }
  var btn = document.querySelector('.tree button.toggle[aria-controls="' + target.id + '"]');
  if (!btn) { return; }
  btn.setAttribute("data-loaded", "");
  btn.setAttribute("aria-expanded", "true");
  btn.textContent = "\u25BE";
});
