/* Regional risk briefing: the search page (/search/, render/templates/search.md.jinja).
 *
 * Fetched by search.js on that page only, which hands over its Pagefind loader
 * (window.briefingSearch: the index and its shards, each tagged with a synthetic "shard"
 * filter). What the index holds of each entry page: generator/mkdocs_adapter/search.py
 * (facet_tags).
 *
 * - The state is the address: /search/?q=Herof&region=pk&theme=insurgency&from=2026-01-01
 *   &to=2026-03-31&sort=date, the names of the form's own controls. A change of a facet
 *   or a submitted query is a new history entry (pushState); typing replaces the current
 *   one; back and forward (popstate) and a reload show the view of their address.
 * - Region: the index lists each entry under its regions and all their ancestors, so
 *   choosing Pakistan finds Balochistan's entries. Several regions (themes, kinds) match
 *   any of them; facets combine with "and".
 * - Dates: Pagefind's filters are exact values, so each entry carries its day as a filter
 *   value and a range is every day in it (from the archive's first day to its last where
 *   a bound is left open): exact at month and year edges.
 * - No words, only facets: the site's own listing data (search/facets/, search/entries/:
 *   render/facets.py), not Pagefind, whose search without words (search(null, ...))
 *   loads every chunk of its word index (at 10,000 articles, megabytes). Each facet
 *   value's entries are ranks in the site's order, so the matches are newest first by
 *   construction; 20 are shown, read from the few small files that hold them.
 * - Words sorted newest first: Pagefind's sort by the key "newest" (newest, then by id:
 *   the site's order) within each shard; across shards it would interleave the lists by
 *   rank, so each shard is asked for its own list and they are merged here by date then
 *   address, reading each list's head only when it may be next.
 * - Results: headline, date, section, region chips and the matching excerpt, as DOM
 *   nodes built from text (excerpts keep only Pagefind's <mark>); the count is announced
 *   (role="status"). 20 at a time, "More results" for the next.
 */
(function () {
  "use strict";
  var PAGE = 20;
  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December"];
  var LISTS = ["region", "theme", "kind"];
  var IDLE = "Type words, or choose a region, theme, kind or dates.";

  // "2026-02-01" -> "February 1, 2026", as the site writes dates.
  function longdate(iso) {
    var p = iso.split("-");
    return MONTHS[Number(p[1]) - 1] + " " + Number(p[2]) + ", " + p[0];
  }

  function validDay(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return "";
    var t = Date.parse(text + "T00:00:00Z");
    return !isNaN(t) && new Date(t).toISOString().slice(0, 10) === text ? text : "";
  }

  // Every day from `from` to `to`, both included.
  function days(from, to) {
    var out = [];
    for (var t = Date.parse(from + "T00:00:00Z"), end = Date.parse(to + "T00:00:00Z");
         t <= end; t += DAY) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
    return out;
  }

  function mount(root, api) {
    var form = root.querySelector("[data-bp-search-form]");
    var status = root.querySelector("[data-bp-search-status]");
    var list = root.querySelector("[data-bp-search-results]");
    var more = root.querySelector("[data-bp-search-more]");
    var first = root.getAttribute("data-first");
    var last = root.getAttribute("data-last");
    var path = location.pathname;
    var ticket = 0;
    var cursor = null;
    var timer = null;

    function boxes(name) {
      return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']"));
    }

    function known(name) {
      return boxes(name).map(function (box) { return box.value; });
    }

    // The address -> a state with only values the form knows (others are dropped).
    function readState(search) {
      var p = new URLSearchParams(search);
      var state = { q: (p.get("q") || "").trim(), from: validDay(p.get("from")),
                    to: validDay(p.get("to")), sort: p.get("sort") === "date" ? "date" : "" };
      LISTS.forEach(function (name) {
        var ok = known(name);
        var wanted = [];
        p.getAll(name).forEach(function (v) {
          v.split(",").forEach(function (one) { if (ok.indexOf(one) >= 0 && wanted.indexOf(one) < 0) wanted.push(one); });
        });
        state[name] = wanted;
      });
      return state;
    }

    function address(state) {
      var p = new URLSearchParams();
      if (state.q) p.append("q", state.q);
      LISTS.forEach(function (name) { state[name].forEach(function (v) { p.append(name, v); }); });
      if (state.from) p.append("from", state.from);
      if (state.to) p.append("to", state.to);
      if (state.sort) p.append("sort", state.sort);
      var text = p.toString();
      return text ? "?" + text : "";
    }

    function setForm(state) {
      form.elements.q.value = state.q;
      LISTS.forEach(function (name) {
        boxes(name).forEach(function (box) { box.checked = state[name].indexOf(box.value) >= 0; });
      });
      form.elements.from.value = state.from;
      form.elements.to.value = state.to;
      form.elements.sort.value = state.sort;
    }

    function readForm() {
      var data = new FormData(form);
      var p = new URLSearchParams();
      data.forEach(function (v, k) { if (v) p.append(k, String(v)); });
      return readState(p.toString());
    }

    function filtersOf(state) {
      var filters = {};
      LISTS.forEach(function (name) {
        if (state[name].length) filters[name] = { any: state[name] };
      });
      if (state.from || state.to) {
        filters.date = { any: days(state.from || first, state.to || last) };
      }
      return filters;
    }

    // Results in one list, read 20 at a time.
    function listCursor(results) {
      var at = 0;
      return {
        total: results.length,
        next: function (n) {
          var part = results.slice(at, at + n);
          at += part.length;
          return Promise.all(part.map(function (r) { return r.data(); }));
        },
      };
    }

    // Each shard's newest-first list, merged by date (then address, as the site orders
    // a day's entries by id): a list's head is read only when it may be next.
    function mergedCursor(lists) {
      var at = lists.map(function () { return 0; });
      var heads = lists.map(function () { return null; });
      function head(i) {
        if (at[i] >= lists[i].length) return Promise.resolve(null);
        if (!heads[i]) heads[i] = lists[i][at[i]].data();
        return heads[i];
      }
      function newer(a, b) {
        var da = (a.meta && a.meta.date) || "", db = (b.meta && b.meta.date) || "";
        return da !== db ? da > db : a.url < b.url;
      }
      function step(out, n) {
        if (out.length >= n) return Promise.resolve(out);
        return Promise.all(lists.map(function (_, i) { return head(i); })).then(function (found) {
          var best = -1;
          found.forEach(function (d, i) { if (d && (best < 0 || newer(d, found[best]))) best = i; });
          if (best < 0) return out;
          out.push(found[best]);
          at[best] += 1;
          heads[best] = null;
          return step(out, n);
        });
      }
      return {
        total: lists.reduce(function (n, l) { return n + l.length; }, 0),
        next: function (n) { return step([], n); },
      };
    }

    // ---- Facets alone: the site's own data (render/facets.py, render_search_data) ----
    // Pagefind without words would load its whole word index; these files hold each
    // facet value's entries by rank (the site's order, counted from the oldest).
    var cache = {};
    function data(path) {
      if (!cache[path]) {
        cache[path] = fetch(new URL(path, api.root)).then(function (r) {
          if (!r.ok) throw new Error(path + ": HTTP " + r.status);
          return r.json();
        });
        cache[path].catch(function () { delete cache[path]; });
      }
      return cache[path];
    }

    function ranks(deltas) {
      var out = [], at = 0;
      deltas.forEach(function (d) { at += d; out.push(at); });
      return out;
    }

    function union(lists) {
      var seen = {}, out = [];
      lists.forEach(function (l) { l.forEach(function (r) { if (!seen[r]) { seen[r] = true; out.push(r); } }); });
      return out.sort(function (a, b) { return a - b; });
    }

    function intersect(a, b) {
      var inB = {};
      b.forEach(function (r) { inB[r] = true; });
      return a.filter(function (r) { return inB[r]; });
    }

    // The ranks dated from `from` to `to` (both included): the runs are [day, count], oldest first.
    function dated(runs, from, to) {
      var out = [], at = 0;
      runs.forEach(function (run) {
        if ((!from || run[0] >= from) && (!to || run[0] <= to)) {
          for (var i = 0; i < run[1]; i++) out.push(at + i);
        }
        at += run[1];
      });
      return out;
    }

    function ownCursor(found) {
      var newest = found.slice().reverse();
      var chunk = Number(root.getAttribute("data-chunk")) || 25;
      var at = 0;
      return {
        total: newest.length,
        next: function (n) {
          var part = newest.slice(at, at + n);
          at += part.length;
          return Promise.all(part.map(function (rank) {
            var file = "search/entries/" + Math.floor(rank / chunk) + ".json";
            return data(file).then(function (rows) {
              var row = rows[rank % chunk];
              return { url: new URL(row[0], api.root).pathname, excerpt: row[6], plain: true,
                       meta: { title: row[1], date: row[2], section: row[3], kind: row[4],
                               regions: row[5].join(" ") } };
            });
          }));
        },
      };
    }

    function facetsAlone(state) {
      var sets = LISTS.filter(function (name) { return state[name].length; }).map(function (name) {
        return Promise.all(state[name].map(function (value) {
          return data("search/facets/" + name + "/" + encodeURIComponent(value) + ".json").then(ranks);
        })).then(union);
      });
      if (state.from || state.to) {
        sets.push(data("search/facets/dates.json").then(function (runs) {
          return dated(runs, state.from, state.to);
        }));
      }
      return Promise.all(sets).then(function (found) {
        return ownCursor(found.reduce(intersect));
      });
    }

    function find(state) {
      if (!state.q) return facetsAlone(state);
      var filters = filtersOf(state);
      var byDate = state.sort === "date";
      var term = state.q;
      return api.pagefind().then(function (pf) {
        if (!byDate) {
          return pf.search(term, { filters: filters }).then(function (found) {
            return listCursor(found.results);
          });
        }
        var shards = api.shards();
        var sort = { newest: "asc" };  // the site's order (render/facets.py, newest_key)
        if (shards === 1) {
          return pf.search(term, { filters: filters, sort: sort }).then(function (found) {
            return listCursor(found.results);
          });
        }
        var asks = [];
        for (var i = 0; i < shards; i++) {
          var own = Object.assign({}, filters, { shard: String(i) });
          asks.push(pf.search(term, { filters: own, sort: sort }));
        }
        return Promise.all(asks).then(function (founds) {
          return mergedCursor(founds.map(function (f) { return f.results; }));
        });
      });
    }

    function regionName(id) {
      var box = form.querySelector("input[name='region'][value='" + CSS.escape(id) + "']");
      return box ? box.parentNode.textContent.trim() : id;
    }

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function resultItem(data) {
      var m = data.meta || {};
      var li = el("li", "bp-result");
      var h = el("h2", "bp-result__title");
      var a = el("a", "", m.title || data.url);
      a.href = data.url;
      h.appendChild(a);
      li.appendChild(h);
      var line = el("p", "bp-result__meta");
      if (m.date) {
        var time = el("time", "", longdate(m.date));
        time.setAttribute("datetime", m.date);
        line.appendChild(time);
      }
      [m.section, m.kind && m.kind !== "article" ? m.kind : ""].forEach(function (text) {
        if (!text) return;
        if (line.childNodes.length) line.appendChild(document.createTextNode(" · "));
        line.appendChild(document.createTextNode(text));
      });
      if (line.childNodes.length) li.appendChild(line);
      var regions = (m.regions || "").split(" ").filter(Boolean);
      if (regions.length) {
        var chips = el("p", "bp-chips");
        regions.forEach(function (id) {
          var chip = el("a", "bp-chip", regionName(id));
          chip.href = new URL("regions/" + encodeURIComponent(id) + "/", api.root).href;
          chips.append(chip, " ");
        });
        li.appendChild(chips);
      }
      var excerpt = el("p", "bp-result__excerpt");
      if (data.plain) excerpt.textContent = data.excerpt || "";  // a standfirst, as text
      else excerpt.appendChild(api.excerpt(data.excerpt || ""));
      li.appendChild(excerpt);
      return li;
    }

    function showMore(mine) {
      more.hidden = true;
      return cursor.next(PAGE).then(function (datas) {
        if (mine !== ticket) return;
        datas.forEach(function (d) { list.appendChild(resultItem(d)); });
        more.hidden = list.children.length >= cursor.total;
      });
    }

    // Shown: the results of this address are listed (data-bp-shown holds it; tests wait
    // for it), and the list is no longer busy.
    function shown(state, text) {
      status.textContent = text;
      list.removeAttribute("aria-busy");
      root.setAttribute("data-bp-shown", address(state));
    }

    function run(state) {
      var mine = ++ticket;
      cursor = null;
      list.replaceChildren();
      more.hidden = true;
      root.removeAttribute("data-bp-shown");
      var chosen = LISTS.some(function (n) { return state[n].length; }) || state.from || state.to;
      if (!state.q && !chosen) { shown(state, IDLE); return Promise.resolve(); }
      if (state.from && state.to && state.from > state.to) {
        shown(state, "The first day is after the last: no briefing is in that range.");
        return Promise.resolve();
      }
      status.textContent = "Searching\u2026";
      list.setAttribute("aria-busy", "true");
      return find(state).then(function (found) {
        if (mine !== ticket) return;
        cursor = found;
        var n = found.total;
        var order = state.sort === "date" || !state.q ? ", newest first" : ", most relevant first";
        // Announced once the first results are listed (role="status").
        return showMore(mine).then(function () {
          if (mine !== ticket) return;
          shown(state, n === 0 ? "No results."
            : (n === 1 ? "1 result" : n + " results") + (n > 1 ? order : "") + ".");
        });
      }).catch(function (err) {
        if (mine === ticket) shown(state, "Search is not available: " + err.message);
      });
    }

    // A new view: a step in the history (push), or the current step changed (replace).
    function go(state, push) {
      var url = path + address(state);
      if (url !== location.pathname + location.search) {
        if (push) history.pushState(null, "", url);
        else history.replaceState(history.state, "", url);
      }
      return run(state);
    }

    // Back or forward within the search page. (Material's instant navigation fetches and
    // swaps in the page at the first such step after a full load, as it does for any
    // page: this page then starts again from its address, to the same view.)
    function fromAddress() {
      if (!root.isConnected) {
        window.removeEventListener("popstate", fromAddress);
        return;
      }
      if (location.pathname !== path) return;  // another page: Material shows it
      clearTimeout(timer);
      var state = readState(location.search);
      setForm(state);
      run(state);
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      go(readForm(), true);
    });
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "q") return;  // typing is handled below; Enter submits
      clearTimeout(timer);
      go(readForm(), true);
    });
    form.elements.q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { go(readForm(), false); }, 300);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { go(readForm(), true); }, 0);
    });
    more.addEventListener("click", function () { if (cursor) showMore(ticket); });
    window.addEventListener("popstate", fromAddress);

    var state = readState(location.search);
    setForm(state);
    go(state, false);  // drops what the form does not know from the address

    return {
      shown: function () { return root.isConnected; },
      open: function (query) {
        var fresh = readState("");
        fresh.q = query;
        setForm(fresh);
        return go(fresh, true);
      },
    };
  }

  window.briefingSearchPage = mount;
})();
