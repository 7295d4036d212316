// The evidence upload form: the "kind of rule" field matters only for a rule document.
(function () {
  const kind = document.getElementById("id_kind");
  const ruleKind = document.getElementById("div_id_rule_kind");
  if (!kind || !ruleKind) {
    return;
  }
  function sync() {
    ruleKind.hidden = kind.value !== "rule_document";
  }
  kind.addEventListener("change", sync);
  sync();
})();
