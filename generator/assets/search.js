/* Regional risk briefing: the header's search box, on every page.
 *
 * - The search box (theme_overrides/partials/briefing-search.html) queries the site's
 *   Pagefind index in pagefind/ at the site's root: loaded on first use, it fetches only
 *   the chunks of the index a query needs. Results are built as DOM nodes: titles and
 *   excerpts are text, and only Pagefind's <mark> highlights become elements.
 * - The box itself is written here, beside the header's magnifier (writeSearchBox).
 * - Enter, or "All results", opens the search page (/search/?q=...) with the words.
 * - The search page (a [data-bp-search-page] block) is run by search-page.js, beside this
 *   file, fetched on that page only; it gets the shared Pagefind loader
 *   (window.briefingSearch). Each shard of the index is tagged with a synthetic filter
 *   "shard" (Pagefind's mergeFilter), so the page can ask each shard for its own list.
 * - The header stays across Material's instant navigation, so this runs once per visit.
 *   Charts are charts.js's, loaded only on pages that have one.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var base = here ? here.replace(/[^/]*$/, "") : "";

  // The search box: the header holds only its magnifier (partials/briefing-search.html);
  // the box is written here, once, beside it, in Material's own search markup and classes,
  // so it looks and opens like Material's search. Searching needs this script anyway, and
  // ~1.6 KB of markup on each of a big site's pages was 20 MB at 10,000 entries (issue 17).
  // Its texts are English, as the rest of this file's; its name is the magnifier's title.
  var ICON_BACK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg>';
  var ICON_CLEAR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>';

  function writeSearchBox() {
    var magnifier = document.querySelector("label[data-bp-search-open]");
    if (!magnifier || document.querySelector("[data-bp-search]")) return;
    var name = magnifier.getAttribute("title") || "Search";
    var icon = magnifier.querySelector("svg");
    var box = document.createElement("div");
    box.className = "md-search bp-search";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", name);
    box.setAttribute("data-bp-search", "");
    box.innerHTML =
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search">' +
      '<form class="md-search__form" name="briefing-search" autocomplete="off">' +
      '<input type="text" class="md-search__input" name="q" aria-label="Search" placeholder="Search"' +
      ' autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" required data-bp-search-input>' +
      '<label class="md-search__icon md-icon" for="__search">' + ICON_BACK + "</label>" +
      '<nav class="md-search__options">' +
      '<button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1">' +
      ICON_CLEAR + "</button></nav></form>" +
      '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>' +
      '<div class="md-search-result" aria-live="polite">' +
      '<div class="md-search-result__meta" data-bp-search-meta></div>' +
      '<ol class="md-search-result__list" data-bp-search-results></ol></div></div></div></div>';
    // The magnifier's own icon (the site's sprite) before the back arrow, as Material has it.
    if (icon) box.querySelector("label.md-search__icon").prepend(icon.cloneNode(true));
    box.querySelector("nav").setAttribute("aria-label", name);
    magnifier.after(box);
  }

  // The site's root: this file is assets/briefing/search.js.
  var root = here ? new URL("../../", here) : new URL("./", location.href);
  var pagefind = null;
  var shardCount = 1;
  var asked = 0;
  var searchPage = null;  // the search page's controller (search-page.js), while it is shown
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
        var opts = { baseUrl: root.pathname, mergeFilter: { shard: "0" } };
        return Promise.resolve(pf.options(opts)).then(function () {
          return shards;
        }).then(function (list) {
          var more = list.more || [];
          shardCount = 1 + more.length;
          return Promise.all(more.map(function (path, i) {
            return pf.mergeIndex(new URL(path, bundle).pathname, {
              baseUrl: root.pathname, mergeFilter: { shard: String(i + 1) },
            });
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

  function searchUrl(query) {
    var url = new URL("search/", root);
    if (query) url.search = "?q=" + encodeURIComponent(query);
    return url;
  }

  function allResults(query) {
    var p = document.createElement("p");
    p.className = "bp-search-all";
    var a = document.createElement("a");
    a.href = searchUrl(query).href;
    a.textContent = "All results for \u201c" + query + "\u201d, with filters";
    p.appendChild(a);
    return p;
  }

  function setupSearch() {
    writeSearchBox();
    var box = document.querySelector("[data-bp-search]");
    if (!box || box.hasAttribute("data-bp-ready")) return;
    box.setAttribute("data-bp-ready", "");
    var input = box.querySelector("[data-bp-search-input]");
    var meta = box.querySelector("[data-bp-search-meta]");
    var list = box.querySelector("[data-bp-search-results]");
    var toggle = document.getElementById("__search");
    var timer = null;

    var all = document.createElement("div");
    list.after(all);
    meta.textContent = TEXT.idle;

    function show(text, items, query) {
      meta.textContent = text;
      list.replaceChildren.apply(list, items || []);
      all.replaceChildren.apply(all, query ? [allResults(query)] : []);
    }

    // Enter or "All results": the search page with the words (on the search page
    // itself, it searches there, as a new step in the history).
    function openSearch(query) {
      if (toggle) toggle.checked = false;
      input.blur();
      if (searchPage && searchPage.shown()) searchPage.open(query);
      else location.assign(searchUrl(query).href);
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
            show(text, datas.map(resultItem), query);
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
      openSearch(input.value.trim());
    });
    all.addEventListener("click", function (ev) {
      if (!ev.target.closest("a")) return;
      ev.preventDefault();
      ev.stopPropagation();  // not also Material's instant navigation
      openSearch(input.value.trim());
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

  // ---- The search page: search-page.js, fetched on that page only --------------------
  var pageScript = null;
  window.briefingSearch = {
    pagefind: loadPagefind,
    shards: function () { return shardCount; },
    excerpt: excerptNodes,
    root: root,
  };

  function mountSearchPage() {
    var el = document.querySelector("[data-bp-search-page]:not([data-bp-ready])");
    if (!el) return;
    el.setAttribute("data-bp-ready", "");
    if (!pageScript) {
      pageScript = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + "search-page.js";
        s.onload = resolve;
        s.onerror = function () { pageScript = null; reject(new Error("search-page.js did not load")); };
        document.head.appendChild(s);
      });
    }
    pageScript.then(function () {
      searchPage = window.briefingSearchPage(el, window.briefingSearch);
    }).catch(function (err) { console.warn(err.message); });
  }

  setupSearch();  // the header stays across instant navigation: once is enough
  // The search page may be shown at any of Material's page swaps.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountSearchPage);
  } else {
    mountSearchPage();
  }
})();
