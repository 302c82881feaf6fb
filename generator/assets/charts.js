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
 * - Maps (data-map, generator/render/maps.py) draw only from the site: each shape trace's
 *   geojson "geo.json" becomes the site's boundary file beside this script (geo/geo.json,
 *   fetched once per visit; its countries are the land), and topojsonURL points plotly.js at that folder, whose world_110m.json is an empty
 *   topology (plotly.js asks for it whenever a map has its own GeoJSON, and would ask
 *   cdn.plot.ly). Each trace's meta names its part (base, context, focus, member, value),
 *   coloured here for the palette. A place with a page (customdata: its path from the site
 *   root) opens it on click, and is a focusable link (Tab, then Enter) named by its text.
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
  // A map's parts, light and dark: [fill, border]; "value" is a scale from low to high.
  var MAP = {
    light: { base: ["#e8eaed", "#ffffff"], context: ["#c9d3e3", "#ffffff"],
             focus: ["#1f4e8c", "#ffffff"], member: ["#c0392b", "#ffffff"],
             value: [["#fde0c5", "#c0392b"], "#ffffff"],
             level: [["#2f855a", "#8fb339", "#e0b000", "#d9731a", "#b42318"], "#ffffff"] },
    dark: { base: ["#2b303b", "#1e2129"], context: ["#3d4a63", "#1e2129"],
            focus: ["#8ab4f8", "#1e2129"], member: ["#f28b82", "#1e2129"],
            value: [["#5c3b2e", "#f28b82"], "#1e2129"],
            level: [["#81c995", "#c5d86d", "#fdd663", "#f6a35b", "#f28b82"], "#1e2129"] },
  };
  var root = base ? new URL("../../", base).href : "/";
  // The layout settings most charts share: a page's figure names its preset and leaves them
  // out (generator/render/presets.py, which holds the same; tests/render/test_presets.py).
  var PRESETS = /*presets*/{"chart":{"barmode":"group","height":320,"legend":{"orientation":"h","y":-0.2},"margin":{"b":10,"l":10,"r":10,"t":48},"xaxis":{"automargin":true},"yaxis":{"automargin":true,"rangemode":"tozero"}},"map":{"dragmode":false,"geo":{"bgcolor":"rgba(0,0,0,0)","showcoastlines":false,"showcountries":false,"showframe":false,"showlakes":false,"showland":false,"showocean":false,"showrivers":false,"showsubunits":false},"margin":{"b":0,"l":0,"r":0,"t":0},"showlegend":false}}/*end*/;

  // The figure's layout with its preset's settings it lacks put back (presets.py's merge).
  function merge(preset, layout) {
    var out = Object.assign({}, layout);
    Object.keys(preset).forEach(function (key) {
      var value = preset[key];
      if (!(key in out)) out[key] = JSON.parse(JSON.stringify(value));
      else if (isObject(value) && isObject(out[key])) out[key] = merge(value, out[key]);
    });
    return out;
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function layoutOf(fig) {
    var layout = JSON.parse(JSON.stringify(fig.layout || {}));
    return fig.preset && PRESETS[fig.preset] ? merge(PRESETS[fig.preset], layout) : layout;
  }

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

  // The site's boundary file, fetched once per visit and given to plotly.js as an
  // object (plotly.js then fetches nothing itself), with the ids of its countries.
  var geometry = null;
  function loadGeometry() {
    if (!geometry) {
      geometry = fetch(base + "geo/geo.json").then(function (r) {
        if (!r.ok) throw new Error("the map's boundary file did not load");
        return r.json();
      }).then(function (geo) {
        var countries = geo.features.map(function (f) { return f.properties.id; })
          .filter(function (id) { return id.indexOf("-") < 0; });
        return { geo: geo, countries: countries };
      });
      geometry.catch(function () { geometry = null; });
    }
    return geometry;
  }

  // Colours evenly over 0..1: two make a gradient (figures), five a step per level.
  function scaleOf(list) {
    return list.map(function (c, i) { return [i / (list.length - 1), c]; });
  }

  // A map's traces for the palette: the site's boundary file, and each part's colours;
  // the land ("base") is every country of the file.
  function mapData(data, g) {
    var palette = MAP[colours().dark ? "dark" : "light"];
    return data.map(function (t) {
      var c = palette[t.meta] || palette.focus, out = Object.assign({}, t);
      if (t.geojson === "geo.json") out.geojson = g.geo;
      if (t.meta === "base") {
        out.locations = g.countries;
        out.z = g.countries.map(function () { return 1; });
      }
      if (t.type === "choropleth") {
        out.colorscale = scaleOf(Array.isArray(c[0]) ? c[0] : [c[0], c[0]]);
        out.marker = { line: { color: c[1], width: t.meta === "base" ? 0.5 : 1 } };
      } else if (Array.isArray(c[0])) {  // points on the areas' scale
        out.marker = Object.assign({}, t.marker, {
          colorscale: scaleOf(c[0]), line: { color: c[1], width: 1.5 } });
      } else {
        out.marker = Object.assign({}, t.marker, { color: c[0], line: { color: c[1], width: 1.5 } });
      }
      return out;
    });
  }

  function newPlot(Plotly, el, fig) {
    var layout = apply(layoutOf(fig), theme());
    if (!el.hasAttribute("data-map")) return Plotly.newPlot(el, fig.data, layout, CONFIG);
    var config = Object.assign({}, CONFIG, { topojsonURL: base + "geo/" });
    return loadGeometry().then(function (g) {
      return Plotly.react(el, mapData(fig.data, g), layout, config);
    }).then(function () {
      links(el);
      return el;
    });
  }

  function open(path) {
    if (path) window.location.assign(new URL(path, root).href);
  }

  // Each place that has a page: a link to assistive technology and the keyboard, opened
  // by Enter (and Space) as by a click. plotly.js binds each drawn shape or point to its
  // data; the trace's customdata at that index is the page.
  function links(el) {
    var traces = el.querySelectorAll(".choroplethlayer .trace, .scatterlayer .trace.scattergeo");
    traces.forEach(function (g) {
      var trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
      if (!trace || !trace.customdata) return;
      g.querySelectorAll("path.choroplethlocation, path.point").forEach(function (p, k) {
        var d = p.__data__ || {}, i = typeof d.index === "number" ? d.index
          : typeof d.i === "number" ? d.i : k;
        var path = trace.customdata[i], name = [].concat(trace.text || [])[i];
        if (!path) return;
        p.setAttribute("tabindex", "0");
        p.setAttribute("role", "link");
        p.setAttribute("aria-label", name ? textOf(name) : path);
        p.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(path); }
        });
      });
    });
    if (!el.hasAttribute("data-linked")) {
      el.setAttribute("data-linked", "");
      el.on("plotly_click", function (ev) {
        var pt = ev && ev.points && ev.points[0];
        if (pt && pt.customdata) open(pt.customdata);
      });
    }
  }

  // Trace text is written for plotly.js with & < > as entities (render/charts.py);
  // an accessible name is plain text.
  function textOf(html) {
    var t = document.createElement("textarea");
    t.innerHTML = html;
    return t.value;
  }

  function draw(charts) {
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (el) {
        if (el.hasAttribute("data-drawn") || !el.isConnected) return;
        var fig;
        try { fig = JSON.parse(el.getAttribute("data-figure")); } catch (e) { return; }
        el.setAttribute("data-drawn", "");
        newPlot(Plotly, el, fig).then(function () {
          el.closest(".bp-chart-block").classList.add("bp-drawn");  // printed from now on
        }, function (err) {
          el.setAttribute("data-failed", "");  // the table below still holds the places
          console.warn(err && err.message);
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
      if (el.hasAttribute("data-map")) {
        newPlot(window.Plotly, el, JSON.parse(el.getAttribute("data-figure")));
      } else {
        window.Plotly.relayout(el, updates);
      }
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
