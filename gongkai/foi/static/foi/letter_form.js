// The reply letter's draft form (gongkai.foi.workbench.letter_forms.ReplyLetterForm): once an outcome is
// chosen, only the fields its wording uses stay visible. The outcome select carries the map in
// data-gk-outcome-fields; without JavaScript every field shows, and what a hidden field holds is still sent.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-gk-outcome-fields]").forEach(function (select) {
    var uses = JSON.parse(select.dataset.gkOutcomeFields);
    var optional = JSON.parse(select.dataset.gkOptionalFields);
    var form = select.form;
    function wrapperOf(name) {
      var field = form.querySelector('[data-contentpath="' + name + '"]');
      return field ? field.closest("[data-field-wrapper]") : null;
    }
    function update() {
      var shown = uses[select.value];
      optional.forEach(function (name) {
        var wrapper = wrapperOf(name);
        if (wrapper) { wrapper.hidden = Boolean(shown) && shown.indexOf(name) < 0; }
      });
    }
    select.addEventListener("change", update);
    update();
  });
});
