/* Regional risk briefing: draws each chart from its inert data-figure JSON, when the
 * reader comes near it.
 *
 * - Loaded only on pages that have a chart (theme_overrides/main.html adds it to the page's
 *   content). Material's instant navigation runs such a script again each time it swaps
 *   in a page that has it, so the first run sets everything up and later runs do nothing:
 *   the first run's subscription to Material's document$ watches every page shown after.
 * - One IntersectionObserver watches the charts not yet drawn; plotly.js (the site's own
 *   copy beside this file, a bundle of the traces the site draws: tools/plotly-bundle/) is
 *   fetched when the first of them comes within MARGIN of the screen, once per visit, and
 *   each chart is drawn when it comes near. A reader who never scrolls to a chart never
 *   downloads plotly.js. Each chart's box has its height before it is drawn (the page
 *   does not move), and its data table is on the page all along.
 * - Printing shows the drawn charts; one not drawn yet is left out, its table printed
 *   (briefing.css).
 * - Colours follow the light/dark palette and are re-applied when it is toggled.
 * - Plotly's cloud, logo and mode bar are switched off: the chart is one image to
 *   assistive technology (role="img" with its label, the data table beside it), and the
 *   mode bar's buttons would be focusable controls hidden inside that image.
 */
(function () {
  "use strict";
  if (window.__briefingCharts) return;
  window.__briefingCharts = true;
  var here = document.currentScript && document.currentScript.src;
  var base = here ? here.replace(/[^/]*$/, "") : "";
  var loading = null;
  // How far below (or above) the screen a chart starts loading: a reader scrolling down
  // gets it drawn as it arrives, one who reads only the first screen loads no plotly.js.
  var MARGIN = "300px 0px";
  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
  };
  var LIGHT = ["#1f4e8c", "#c0392b", "#6b7280", "#b7791f", "#2f855a", "#6b46c1"];
  var DARK = ["#8ab4f8", "#f28b82", "#c0c4cc", "#fdd663", "#81c995", "#c58af9"];

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + "plotly-briefing.min.js";
        s.async = true;
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { loading = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function colours() {
    var css = getComputedStyle(document.body);
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    var v = function (name, fallback) { return css.getPropertyValue(name).trim() || fallback; };
    return {
      dark: dark,
      fg: v("--md-default-fg-color", dark ? "#e2e4e9" : "#1f2328"),
      grid: v("--md-default-fg-color--lightest", dark ? "#3a3f4b" : "#e5e7eb"),
    };
  }

  function theme() {
    var c = colours();
    return {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      "font.color": c.fg,
      "title.font.color": c.fg,
      "xaxis.gridcolor": c.grid,
      "yaxis.gridcolor": c.grid,
      "xaxis.zerolinecolor": c.grid,
      "yaxis.zerolinecolor": c.grid,
      colorway: c.dark ? DARK : LIGHT,
    };
  }

  function apply(layout, updates) {
    Object.keys(updates).forEach(function (path) {
      var parts = path.split("."), node = layout;
      for (var i = 0; i < parts.length - 1; i++) {
        node = node[parts[i]] = node[parts[i]] || {};
      }
      node[parts[parts.length - 1]] = updates[path];
    });
    return layout;
  }

  function draw(charts) {
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (el) {
        if (el.hasAttribute("data-drawn") || !el.isConnected) return;
        var fig;
        try { fig = JSON.parse(el.getAttribute("data-figure")); } catch (e) { return; }
        el.setAttribute("data-drawn", "");
        Plotly.newPlot(el, fig.data, apply(fig.layout || {}, theme()), CONFIG).then(function () {
          el.closest(".bp-chart-block").classList.add("bp-drawn");  // printed from now on
        });
      });
    }).catch(function (err) {
      charts.forEach(function (el) {
        el.setAttribute("data-failed", "");  // the table below still holds the figures
      });
      console.warn(err.message);
    });
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (seen) {
    var near = seen.filter(function (e) { return e.isIntersecting; }).map(function (e) {
      observer.unobserve(e.target);
      return e.target;
    });
    if (near.length) draw(near);
  }, { rootMargin: MARGIN }) : null;

  // On each page shown (the first, and each one instant navigation brings in): watch its
  // charts; those of the page before are gone with it.
  function watch() {
    var charts = document.querySelectorAll(".bp-chart:not([data-drawn])");
    if (!observer) { if (charts.length) draw([].slice.call(charts)); return; }
    observer.disconnect();
    charts.forEach(function (el) { observer.observe(el); });
  }

  function recolour() {
    if (!window.Plotly) return;
    var updates = theme();
    document.querySelectorAll(".bp-chart[data-drawn]").forEach(function (el) {
      window.Plotly.relayout(el, updates);
    });
  }

  new MutationObserver(recolour).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary"],
  });

  // Material's script (deferred too, after this one in the page) defines document$ before
  // DOMContentLoaded, and its document$ then tells of this page and of each page instant
  // navigation shows. When instant navigation brings this script in, document$ is there.
  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(watch);
    } else {
      watch();  // a page without Material's script: draw what this page has
    }
  }
  if (window.document$ || document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  }
})();
