// Organisation picker (organizations/widgets/org_picker.html): Enter in the search box searches
// at once instead of submitting the surrounding form.
document.addEventListener("keydown", function (e) {
  var input = e.target.closest && e.target.closest(".org-picker-q");
  if (!input || e.key !== "Enter") { return; }
  e.preventDefault();
  input.dispatchEvent(new Event("pick-search"));
});
