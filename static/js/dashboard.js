// The dashboard's charts: options come from json_script blocks; a click on a bar or a point
// opens the list of studios behind it (the data item's "url").
(function () {
  function locale() {
    const lang = (document.documentElement.lang || "").toLowerCase();
    return lang.indexOf("zh") === 0 ? "ZH" : "EN";
  }
  function init(box) {
    const source = document.getElementById(box.getAttribute("data-options"));
    if (!source || !window.echarts) {
      return;
    }
    box.style.height = "320px";
    const chart = window.echarts.init(box, null, { locale: locale(), renderer: "svg" });
    chart.setOption(JSON.parse(source.textContent));
    chart.on("click", function (params) {
      if (params.data && params.data.url) {
        window.location.href = params.data.url;
      }
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".dashboard-chart").forEach(init);
  });
})();
