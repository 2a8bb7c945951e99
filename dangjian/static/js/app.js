// Charts: option data comes from json_script blocks (CSP: no inline script).
// Tooltips are drawn on the canvas: ECharts' HTML tooltips carry style attributes, which the CSP
// (style-src without 'unsafe-inline') refuses with a console error on every hover.
var TOOLTIP_MODE = "richText";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    if (typeof echarts === "undefined") { return; }
    var chart = echarts.init(el);
    var type = data.type || "bar";
    // Labels turn when they would not fit side by side (many bars, or a few long names).
    var longest = Math.max.apply(null, data.categories.map(function (c) { return String(c).length; }).concat([0]));
    var turn = data.categories.length > 6 || longest * data.categories.length > 24;
    var option = type === "pie" ? {
      tooltip: { trigger: "item", renderMode: TOOLTIP_MODE },
      series: [{ type: "pie", radius: "65%", data: data.categories.map(function (c, i) { return { name: c, value: data.values[i] }; }) }]
    } : {
      tooltip: { trigger: "axis", renderMode: TOOLTIP_MODE }, grid: { left: 60, right: 20, bottom: turn ? 80 : 60 },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: turn ? 30 : 0 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#c00000" } }]
    };
    if (data.horizontal) {
      // Sorted bars with long names: names on the y axis cut to fit, in full in the tooltip.
      option.grid = { left: 150, right: 30, top: 40, bottom: 20 };
      option.xAxis = { type: "value", max: 100 };
      option.yAxis = { type: "category", inverse: true, data: data.categories,
        axisLabel: { width: 140, overflow: "truncate" } };
    } else if (type !== "pie" && data.categories.length > 30) {
      // Many categories (e.g. every unit): let ECharts thin the labels and offer a zoom slider.
      option.xAxis.axisLabel = { interval: "auto", rotate: 45, width: 90, overflow: "truncate" };
      option.grid.bottom = 110;
      option.dataZoom = [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }];
    }
    if (data.title) { option.title = { text: data.title, left: "center", textStyle: { fontSize: 14 } }; option.grid = option.grid || {}; }
    chart.setOption(option);
    if (data.links) {
      chart.on("click", function (p) { if (data.links[p.dataIndex]) { window.location.href = data.links[p.dataIndex]; } });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
  document.body.addEventListener("click", function (e) {
    var t = e.target.closest("[data-confirm]");
    if (t && !window.confirm(t.dataset.confirm)) { e.preventDefault(); e.stopPropagation(); }
  }, true);
});
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) { window.print(); }
});
