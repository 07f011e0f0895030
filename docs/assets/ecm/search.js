/*
 * The e-Consular Manual search box (no framework, no network beyond this site).
 *
 * As the officer types, it asks the site's own search API, `api/search` below the site
 * root, which uses the same engine, glossary and typo handling as the CLI. When the API
 * does not answer (the site is hosted as plain files), it loads the Pagefind index that
 * the build wrote into `pagefind/` and searches that instead. The officer never chooses.
 *
 * Results are built with DOM calls only; a snippet's <mark> tags are the one markup kept.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var LIMIT = 10;

  var box = document.querySelector("[data-ecm-search]");
  if (!box) return;

  var input = box.querySelector(".ecm-search__input");
  var panel = box.querySelector(".ecm-search__panel");
  var status = box.querySelector(".ecm-search__status");
  var suggestionLine = box.querySelector(".ecm-search__suggestion");
  var suggestButton = box.querySelector(".ecm-search__suggest");
  var list = box.querySelector(".ecm-search__results");
  var siteData = readJson(document.getElementById("ecm-site-data"));
  var categories = siteData.categories || {};
  var root = siteRoot(box.getAttribute("data-ecm-root"));

  var apiAlive = null; // null: not asked yet; false: answered badly once, use Pagefind
  var pagefind = null; // promise of the Pagefind module, loaded on first need
  var timer = 0;
  var latest = 0; // number of the newest query; older answers are dropped
  var inflight = null;

  function readJson(node) {
    try {
      return JSON.parse((node && node.textContent) || "{}") || {};
    } catch (err) {
      return {};
    }
  }

  /* The site root as an absolute URL ending in "/", from this page's relative base. */
  function siteRoot(base) {
    base = base || ".";
    if (base.charAt(base.length - 1) !== "/") base += "/";
    return new URL(base, document.baseURI);
  }

  /* --- asking ------------------------------------------------------------------ */

  function askApi(query, signal) {
    var url = new URL("api/search", root);
    url.searchParams.set("q", query);
    url.searchParams.set("limit", String(LIMIT));
    return fetch(url.href, { signal: signal, headers: { Accept: "application/json" } }).then(
      function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("json") < 0) throw new Error("no search API here");
        return response.json();
      }
    ).then(function (data) {
      if (!data || !Array.isArray(data.results)) throw new Error("not a search answer");
      return {
        source: "api",
        total: data.total || 0,
        suggestion: data.suggestion || null,
        results: data.results.map(function (hit) {
          return {
            title: hit.title,
            titleEn: hit.title_en,
            category: hit.category,
            section: hit.section || "",
            href: new URL(hit.url + (hit.anchor ? "#" + encodeURIComponent(hit.anchor) : ""), root).href,
            snippet: hit.snippet || "",
            lang: hit.lang
          };
        })
      };
    });
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return Promise.resolve(module.options({ baseUrl: root.pathname })).then(function () {
          module.init();
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null; // try again on the next query
      });
    }
    return pagefind;
  }

  /* Pagefind's best sub-result is the section with the most hits. */
  function bestPart(data) {
    var best = null;
    (data.sub_results || []).forEach(function (part) {
      var hits = (part.locations || []).length;
      if (!best || hits > (best.locations || []).length) best = part;
    });
    return best;
  }

  function askPagefind(query) {
    return loadPagefind().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      var top = search.results.slice(0, LIMIT);
      return Promise.all(top.map(function (result) { return result.data(); })).then(function (pages) {
        return {
          source: "pagefind",
          total: search.results.length,
          suggestion: null,
          results: pages.map(function (page) {
            var part = bestPart(page);
            var meta = page.meta || {};
            var sectionTitle = part && part.url !== page.url ? part.title : "";
            return {
              title: meta.title || page.url,
              titleEn: meta.title_en || "",
              category: meta.category || "",
              categoryIsName: true,
              section: sectionTitle,
              href: new URL((part && part.url) || page.url, root).href,
              snippet: (part && part.excerpt) || page.excerpt || "",
              lang: ""
            };
          })
        };
      });
    });
  }

  function ask(query) {
    if (inflight) inflight.abort();
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    inflight = controller;
    if (apiAlive === false) return askPagefind(query);
    return askApi(query, controller && controller.signal).then(function (answer) {
      apiAlive = true;
      return answer;
    }, function (err) {
      if (err && err.name === "AbortError") throw err;
      apiAlive = false;
      return askPagefind(query);
    });
  }

  function run() {
    var query = input.value.trim();
    var number = ++latest;
    if (!query) {
      close();
      return;
    }
    open();
    box.setAttribute("aria-busy", "true");
    ask(query).then(function (answer) {
      if (number === latest) show(query, answer);
    }, function (err) {
      if (number !== latest || (err && err.name === "AbortError")) return;
      showMessage("ค้นหาไม่ได้ในขณะนี้");
      box.removeAttribute("data-ecm-source");
    }).then(function () {
      if (number === latest) box.removeAttribute("aria-busy");
    });
  }

  /* --- showing ----------------------------------------------------------------- */

  function el(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Copy a snippet into `parent`: its text, and <mark> as the only element kept.
     Adjacent marks (Pagefind marks each Thai word of a phrase) become one. */
  function appendSnippet(parent, html) {
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      var text = node.textContent || "";
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var last = parent.lastChild;
        if (last && last.nodeName === "MARK") last.textContent += text;
        else parent.appendChild(el("mark", "", text));
      } else if (text) {
        parent.appendChild(document.createTextNode(text));
      }
    });
  }

  function categoryName(hit) {
    if (hit.categoryIsName) return hit.category;
    return categories[hit.category] || hit.category || "";
  }

  function resultItem(hit) {
    var item = el("li", "ecm-hit");
    var link = el("a", "ecm-hit__link");
    link.href = hit.href;
    var title = el("span", "ecm-hit__title", hit.title);
    if (hit.lang) title.lang = hit.lang;
    link.appendChild(title);
    if (hit.titleEn && hit.titleEn !== hit.title) {
      var en = el("span", "ecm-hit__en", hit.titleEn);
      en.lang = "en";
      link.appendChild(en);
    }
    var where = [categoryName(hit), hit.section].filter(Boolean).join(" › ");
    if (where) link.appendChild(el("span", "ecm-hit__where", where));
    if (hit.snippet) {
      var snippet = el("span", "ecm-hit__snippet");
      appendSnippet(snippet, hit.snippet);
      link.appendChild(snippet);
    }
    item.appendChild(link);
    return item;
  }

  function show(query, answer) {
    box.setAttribute("data-ecm-source", answer.source);
    list.replaceChildren.apply(list, answer.results.map(resultItem));
    if (answer.suggestion && answer.suggestion !== query) {
      suggestButton.textContent = answer.suggestion;
      suggestionLine.hidden = false;
    } else {
      suggestionLine.hidden = true;
    }
    if (!answer.results.length) {
      status.textContent = "ไม่พบเรื่องที่ตรงกับ “" + query + "”";
    } else if (answer.total > answer.results.length) {
      status.textContent = "พบ " + answer.total + " เรื่อง แสดง " + answer.results.length + " เรื่องแรก";
    } else {
      status.textContent = "พบ " + answer.total + " เรื่อง";
    }
  }

  function showMessage(text) {
    list.replaceChildren();
    suggestionLine.hidden = true;
    status.textContent = text;
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  /* --- events ------------------------------------------------------------------ */

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });

  input.addEventListener("focus", function () {
    if (input.value.trim() && list.childElementCount) open();
  });

  suggestButton.addEventListener("click", function () {
    input.value = suggestButton.textContent;
    input.focus();
    clearTimeout(timer);
    run();
  });

  box.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close();
      input.focus();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1].focus();
    } else if (event.key === "Enter" && document.activeElement === input && all.length) {
      event.preventDefault();
      window.location.href = all[0].href;
    }
  });

  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) close();
  });

  /* The print button on procedure pages. */
  document.querySelectorAll(".ecm-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
