/* Zone Atlas maps and charts, drawn with the vendored Apache ECharts (static/vendor/echarts).
 *
 * Every chart is an element <div class="chart" data-chart="bar|line|choropleth|points" data-source="ID">
 * whose numbers sit in <script type="application/json" id="ID"> (Django's json_script); maps also
 * carry data-geo, the URL of the bundled province outlines. The page shows the same numbers in a
 * table beside the chart, so nothing here is the only way to read them. No inline script, no eval:
 * this file runs under a Content-Security-Policy of script-src 'self'.
 *
 * After drawing, each element gets data-rendered="<number of bars, regions or points>" (tests and
 * screen readers' live regions can rely on it).
 */
(function () {
  "use strict";

  var PALETTE = ["#0b5394", "#b3261e", "#1e6b3a", "#f2a900", "#6a3d9a", "#ff7f00", "#1b9e77",
    "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666", "#17becf", "#8c564b", "#bcbd22"];
  var geoRequests = {};
  // Chinese pages name places in Chinese only; English pages give both names.
  var chinesePage = (document.documentElement.lang || "").indexOf("zh") === 0;

  function readData(el) {
    var node = document.getElementById(el.getAttribute("data-source"));
    return node ? JSON.parse(node.textContent) : null;
  }

  /* The outlines, fetched once per page; each feature named by its 2-digit province code. */
  function loadGeo(url) {
    if (!geoRequests[url]) {
      geoRequests[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (geo) {
          geo.features.forEach(function (feature) {
            feature.properties.label = feature.properties.name;
            feature.properties.name = String(feature.properties.id).slice(0, 2);
          });
          return geo;
        });
    }
    return geoRequests[url];
  }

  /* The map to draw: the whole country, or one province when data.focus holds its code. */
  function registerMap(geo, focus) {
    var name = "atlas-" + (focus || "china");
    if (!echarts.getMap(name)) {
      var features = focus
        ? geo.features.filter(function (f) { return f.properties.name === focus; })
        : geo.features;
      echarts.registerMap(name, { type: "FeatureCollection", features: features });
    }
    return name;
  }

  function start(el) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function follow(params) {
    if (params.data && params.data.url) { window.location.href = params.data.url; }
  }

  function drawBar(el, data) {
    var chart = start(el);
    // Long category names (zone kinds, industries) are cut to a share of the width on small screens;
    // the table beside the chart has them whole.
    var labelWidth = Math.max(80, Math.min(240, el.clientWidth * 0.38));
    var categoryAxis = {
      type: "category", data: data.categories,
      axisLabel: data.horizontal
        ? { interval: 0, width: labelWidth, overflow: "truncate" }
        : { hideOverlap: true }
    };
    var valueAxis = {
      type: "value", minInterval: 1, splitNumber: el.clientWidth < 500 ? 3 : 5,
      axisLabel: { hideOverlap: true }
    };
    var many = data.series.length > 1;
    chart.setOption({
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: many ? { type: "scroll", bottom: 0 } : undefined,
      grid: { left: 8, right: 16, top: 16, bottom: many ? 40 : 8, containLabel: true },
      xAxis: data.horizontal ? valueAxis : categoryAxis,
      yAxis: data.horizontal ? Object.assign({ inverse: true }, categoryAxis) : valueAxis,
      series: data.series.map(function (s) {
        return {
          type: "bar", name: s.name, stack: data.stacked ? "all" : undefined, barMaxWidth: 28,
          data: s.values.map(function (v, i) {
            return { value: v, url: data.urls ? data.urls[i] : undefined };
          })
        };
      })
    });
    chart.on("click", follow);
    el.setAttribute("data-rendered", String(data.categories.length));
  }

  /* A line by year; data.inverse puts the lowest value on top (rank 1 is the best rank). */
  function drawLine(el, data) {
    var chart = start(el);
    var values = data.series.length ? data.series[0].values : [];
    var top = Math.max.apply(null, [1].concat(values.filter(function (v) { return v !== null; })));
    // An axis from 1 in three equal steps to at least 10 (1, 4, 7, 10), so rank 1 every year does not
    // fill the whole height and the top tick is 1, not a rank that cannot exist (0).
    var step = Math.max(3, Math.ceil((top - 1) / 3));
    var axisMax = 1 + 3 * step;
    chart.setOption({
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "axis", confine: true },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories, boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: {
        type: "value", inverse: !!data.inverse, min: 1, max: axisMax, interval: step,
        axisLabel: { hideOverlap: true }
      },
      series: data.series.map(function (s) {
        return {
          type: "line", name: s.name, data: s.values, symbolSize: 8, connectNulls: true,
          label: { show: true, position: data.inverse ? "bottom" : "top" }
        };
      })
    });
    el.setAttribute("data-rendered", String(data.categories.length));
  }

  function drawChoropleth(el, data, geo) {
    var chart = start(el);
    var map = registerMap(geo, data.focus);
    var max = Math.max.apply(null, [1].concat(data.regions.map(function (r) { return r.value; })));
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "item", confine: true,
        formatter: function (p) {
          return p.data ? escapeHtml(p.data.label) + ": " + p.data.value + " " + escapeHtml(data.unit || "") : "";
        }
      },
      visualMap: {
        min: 0, max: max, calculable: false, left: 8, bottom: 8, itemHeight: 90,
        text: [String(max), "0"], inRange: { color: ["#e3edf7", "#0b5394"] }
      },
      series: [{
        type: "map", map: map, roam: false, selectedMode: false,
        layoutCenter: ["50%", "50%"], layoutSize: "100%",
        label: { show: false }, emphasis: { label: { show: false }, itemStyle: { areaColor: "#f2a900" } },
        itemStyle: { borderColor: "#ffffff", borderWidth: 0.6, areaColor: "#f4f6f9" },
        data: data.regions.map(function (r) {
          return { name: r.code, value: r.value, url: r.url, label: chinesePage ? r.name_zh : r.name + " " + r.name_zh };
        })
      }]
    });
    chart.on("click", follow);
    el.setAttribute("data-rendered", String(data.regions.length));
  }

  /* Sound points (the zone's own geocode) are filled; approximate ones (the centre of a county,
   * prefecture or province) are hollow, in their own legend entry, so no one reads them as surveyed. */
  function drawPoints(el, data, geo) {
    var chart = start(el);
    var map = registerMap(geo, data.focus);
    var max = Math.max.apply(null, [1].concat(data.points.map(function (p) { return p.n; })));
    var scale = data.points.length === 1 ? 1 : 26 / Math.sqrt(max);
    var legend = data.legend || { sound: "", approximate: "" };
    function item(p) {
      return {
        value: [p.lon, p.lat, p.n], url: p.url, point: p,
        symbolSize: data.points.length === 1 ? 14 : Math.max(6, Math.sqrt(p.n) * scale)
      };
    }
    var sound = data.points.filter(function (p) { return !p.approximate; });
    var approximate = data.points.filter(function (p) { return p.approximate; });
    var series = [];
    if (approximate.length) {
      series.push({
        type: "scatter", coordinateSystem: "geo", name: legend.approximate,
        itemStyle: { color: "rgba(255, 255, 255, 0.35)", borderColor: "#5b6b7d", borderWidth: 1.5 },
        emphasis: { itemStyle: { color: "#f2a900" } },
        data: approximate.map(item)
      });
    }
    if (sound.length) {
      series.push({
        type: "scatter", coordinateSystem: "geo", name: legend.sound,
        itemStyle: { color: "rgba(179, 38, 30, 0.8)", borderColor: "#ffffff", borderWidth: 1 },
        emphasis: { itemStyle: { color: "#f2a900" } },
        data: sound.map(item)
      });
    }
    chart.setOption({
      animation: false,
      color: ["#5b6b7d", "#b3261e"],
      legend: series.length > 1 && data.points.length > 1
        ? { bottom: 0, left: "center", itemWidth: 12, textStyle: { fontSize: 12 } }
        : undefined,
      tooltip: {
        trigger: "item", confine: true,
        formatter: function (p) {
          var point = p.data.point;
          return escapeHtml(chinesePage ? point.place_zh : point.place + " " + point.place_zh) + "<br>" + escapeHtml(point.count_label) +
            "<br>" + escapeHtml(point.names.join("、")) + (point.n > point.names.length ? " …" : "") +
            "<br><em>" + escapeHtml(point.precision || (point.approximate ? data.approximate_note || "" : "")) +
            "</em>";
        }
      },
      geo: {
        map: map, roam: true, selectedMode: false, silent: true,
        layoutCenter: ["50%", "50%"], layoutSize: "100%",
        itemStyle: { areaColor: "#eef2f6", borderColor: "#9aa8b8", borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#e3edf7" } },
        label: { show: false }
      },
      series: series
    });
    chart.on("click", follow);
    el.setAttribute("data-rendered", String(data.points.length));
  }

  function draw(el) {
    var kind = el.getAttribute("data-chart");
    var data = readData(el);
    if (!data || typeof echarts === "undefined") { return; }
    if (kind === "bar") { drawBar(el, data); return; }
    if (kind === "line") { drawLine(el, data); return; }
    loadGeo(el.getAttribute("data-geo")).then(function (geo) {
      if (kind === "choropleth") { drawChoropleth(el, data, geo); }
      if (kind === "points") { drawPoints(el, data, geo); }
    }).catch(function () {
      el.setAttribute("data-rendered", "error");
      el.classList.add("chart-failed");
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
