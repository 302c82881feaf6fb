/* Regional risk briefing: the header's search box, on every page.
 *
 * - The search box (theme_overrides/partials/briefing-search.html) queries the site's
 *   Pagefind index in pagefind/ at the site's root: loaded on first use, it fetches only
 *   the chunks of the index a query needs. Results are built as DOM nodes: titles and
 *   excerpts are text, and only Pagefind's <mark> highlights become elements.
 * - Material's search dialog gets the accessible name its markup lacks.
 * - The header stays across Material's instant navigation, so this runs once per visit.
 *   Charts are charts.js's, loaded only on pages that have one.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;

  // Material's search is a role="dialog" without a name; name it after its input.
  var search = document.querySelector(".md-search[role='dialog']:not([aria-label])");
  if (search) {
    var input = search.querySelector("input[aria-label]");
    search.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  }

  // The site's root: this file is assets/briefing/search.js.
  var root = here ? new URL("../../", here) : new URL("./", location.href);
  var pagefind = null;
  var asked = 0;
  var TEXT = { idle: "Type to start searching", none: "No matching documents",
               one: "1 matching document", other: "# matching documents" };

  function loadPagefind() {
    if (!pagefind) {
      var bundle = new URL("pagefind/", root);
      // A big site is indexed in shards (generator/search.py): merge the others in.
      var shards = fetch(new URL("shards.json", bundle)).then(function (r) {
        return r.ok ? r.json() : { more: [] };
      });
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return Promise.resolve(pf.options({ baseUrl: root.pathname })).then(function () {
          return shards;
        }).then(function (list) {
          return Promise.all((list.more || []).map(function (path) {
            return pf.mergeIndex(new URL(path, bundle).pathname, { baseUrl: root.pathname });
          }));
        }).then(function () {
          return pf;
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  // Pagefind's excerpt is text with <mark> around the words found: parse it inertly and
  // keep only text and <mark>, whatever an entry's text holds.
  function excerptNodes(excerpt) {
    var doc = new DOMParser().parseFromString("<body>" + excerpt, "text/html");
    var out = document.createDocumentFragment();
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var p = document.createElement("p");
    p.appendChild(excerptNodes(data.excerpt || ""));
    article.append(icon, title, p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function setupSearch() {
    var box = document.querySelector("[data-bp-search]");
    if (!box || box.hasAttribute("data-bp-ready")) return;
    box.setAttribute("data-bp-ready", "");
    var input = box.querySelector("[data-bp-search-input]");
    var meta = box.querySelector("[data-bp-search-meta]");
    var list = box.querySelector("[data-bp-search-results]");
    var toggle = document.getElementById("__search");
    var timer = null;

    function show(text, items) {
      meta.textContent = text;
      list.replaceChildren.apply(list, items || []);
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++asked;
      if (!query) { show(TEXT.idle); return; }
      loadPagefind().then(function (pf) {
        return pf.search(query);
      }).then(function (found) {
        if (ticket !== asked || !found) return null;
        var n = found.results.length;
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }))
          .then(function (datas) {
            if (ticket !== asked) return;
            var text = n === 0 ? TEXT.none : n === 1 ? TEXT.one : TEXT.other.replace("#", n);
            show(text, datas.map(resultItem));
          });
      }).catch(function (err) {
        if (ticket === asked) show("Search is not available: " + err.message);
      });
    }

    input.addEventListener("focus", function () {
      if (toggle) toggle.checked = true;
      loadPagefind().catch(function () {});
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    box.querySelector("form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    box.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () { show(TEXT.idle); input.focus(); }, 0);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        if (toggle) toggle.checked = false;
        input.blur();
      }
    });
    list.addEventListener("click", function (ev) {
      if (ev.target.closest("a") && toggle) toggle.checked = false;
    });
    // This script is deferred, and a slow page shows its search box before it runs: what
    // a reader typed by then is searched now.
    if (document.activeElement === input && toggle) toggle.checked = true;
    if (input.value.trim()) run();
    document.addEventListener("keydown", function (ev) {
      var target = ev.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === "/" || ev.key === "s" || ev.key === "f") {
        ev.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  setupSearch();  // the header stays across instant navigation: once is enough
})();
