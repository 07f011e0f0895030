/*
 * The e-Consular Manual search box and results page (no framework, no network beyond
 * this site).
 *
 * Every search goes through one function, `window.ECM.search(query, opts)`:
 *
 *   opts:    { limit, category, lang, tag, signal }          (all optional)
 *   answer:  Promise of { source, query, total, suggestion, match, missing, results }
 *            results[i]: { id, title, title_en, category, category_name, lang, url,
 *                          anchor, section, snippet, sections: [{heading, anchor, snippet}],
 *                          ref, section_ref }  (the citation, "PP 3 §2"; may be absent)
 *            `url` is relative to the site root; `match` ("all" | "partial" | "none")
 *            and `missing` (words no result holds) may be absent.
 *
 * The static engine (assets/ecm/static-search/search.js, listed before this file) defines
 * it: the site's own API when a server answers, else the index the build exported. A
 * page without that script gets the one below, which only asks the API, `api/search`
 * below the site root (the same engine as the CLI).
 *
 * The box shows the first hits as the officer types; Enter (or "ดูผลทั้งหมด") opens
 * the results page `search/?q=…` for the text in the box, so Enter can never follow an
 * older query's hit. `/` and Ctrl+K (⌘K) put the cursor in the box. The last few
 * searches are kept in this browser only (localStorage) and offered when the box is empty.
 *
 * Results are built with DOM calls only; a snippet's <mark> tags are the one markup kept.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var BOX_LIMIT = 8; // hits shown under the box
  var PAGE_LIMIT = 100; // hits asked for by the results page (the API's maximum)
  var PAGE_SIZE = 10; // procedures on one page of results
  var SECTIONS_SHOWN = 3; // matching sections under each procedure
  var RECENT_KEY = "ecm.recent-searches";
  var RECENT_MAX = 6;

  var ECM = (window.ECM = window.ECM || {});
  var box = document.querySelector("[data-ecm-search]");
  var siteData = readJson(document.getElementById("ecm-site-data"));
  var categories = siteData.categories || {};
  var root = siteRoot(box ? box.getAttribute("data-ecm-root") : ".");

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

  function resultsUrl(query, params) {
    var url = new URL("search/", root);
    url.searchParams.set("q", query);
    Object.keys(params || {}).forEach(function (key) {
      if (params[key]) url.searchParams.set(key, params[key]);
    });
    return url.href;
  }

  /* --- the default ECM.search: the API only --------------------------------- */

  function defaultSearch(query, opts) {
    opts = opts || {};
    var url = new URL("api/search", root);
    url.searchParams.set("q", query);
    url.searchParams.set("limit", String(opts.limit || 10));
    ["category", "lang", "tag"].forEach(function (key) {
      if (opts[key]) url.searchParams.set(key, opts[key]);
    });
    return fetch(url.href, { signal: opts.signal, headers: { Accept: "application/json" } }).then(
      function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("json") < 0) throw new Error("no search API here");
        return response.json();
      }
    ).then(function (data) {
      if (!data || !Array.isArray(data.results)) throw new Error("not a search answer");
      data.source = "api";
      return data;
    });
  }
  if (typeof ECM.search !== "function") ECM.search = defaultSearch;

  /* Always the newest ECM.search: a static engine loaded after this file replaces ours. */
  function search(query, opts) {
    return Promise.resolve(window.ECM.search(query, opts)).then(normalise);
  }

  /* Whatever engine answered: the fields the box and the results page read. */
  function normalise(answer) {
    if (!answer || !Array.isArray(answer.results)) throw new Error("not a search answer");
    answer.source = answer.source || (window.ECM.search === defaultSearch ? "api" : "engine");
    answer.results.forEach(function (hit) {
      hit.category_name = hit.category_name || categories[hit.category] || hit.category || "";
      if (!Array.isArray(hit.sections)) {
        hit.sections = hit.anchor ? [{ heading: hit.section, anchor: hit.anchor, snippet: hit.snippet }] : [];
      }
    });
    return answer;
  }

  /* --- recent searches, on this device only ------------------------------------ */

  function recentSearches() {
    try {
      var list = JSON.parse(window.localStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (q) { return typeof q === "string" && q; }) : [];
    } catch (err) {
      return [];
    }
  }

  function remember(query) {
    var list = recentSearches().filter(function (q) { return q !== query; });
    list.unshift(query);
    try {
      window.localStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX)));
    } catch (err) {
      /* storage full or switched off: nothing to remember */
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(RECENT_KEY);
    } catch (err) {
      /* nothing stored */
    }
  }

  ECM.recentSearches = recentSearches;

  /* --- building results -------------------------------------------------------- */

  function el(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Copy a snippet into `parent`: its text, and <mark> as the only element kept.
     Adjacent marks become one. */
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

  function hitHref(hit, anchor) {
    return new URL(hit.url + (anchor ? "#" + encodeURIComponent(anchor) : ""), root).href;
  }

  /* One hit under the box: a single link to its best passage. */
  function boxItem(hit) {
    var item = el("li", "ecm-hit");
    var link = el("a", "ecm-hit__link");
    link.href = hitHref(hit, hit.anchor);
    var title = el("span", "ecm-hit__title", hit.title);
    if (hit.lang) title.lang = hit.lang;
    link.appendChild(title);
    if (hit.title_en && hit.title_en !== hit.title) {
      var en = el("span", "ecm-hit__en", hit.title_en);
      en.lang = "en";
      link.appendChild(en);
    }
    var where = [hit.section_ref, hit.category_name, hit.section].filter(Boolean).join(" › ");
    if (where) link.appendChild(el("span", "ecm-hit__where", where));
    if (hit.snippet) {
      var snippet = el("span", "ecm-hit__snippet");
      appendSnippet(snippet, hit.snippet);
      link.appendChild(snippet);
    }
    item.appendChild(link);
    return item;
  }

  /* One procedure on the results page, with up to three matching sections under it. */
  function pageItem(hit) {
    var item = el("li", "ecm-result");
    if (hit.lang) item.lang = hit.lang;
    var heading = el("h2", "ecm-result__title");
    var link = el("a", "", hit.title);
    link.href = hitHref(hit, "");
    heading.appendChild(link);
    item.appendChild(heading);
    var about = [hit.ref, hit.title_en && hit.title_en !== hit.title ? hit.title_en : "", hit.category_name]
      .filter(Boolean);
    if (about.length) item.appendChild(el("p", "ecm-result__where", about.join(" · ")));
    var sections = (hit.sections || []).slice(0, SECTIONS_SHOWN);
    if (!sections.length && hit.snippet) {
      var lead = el("p", "ecm-result__snippet");
      appendSnippet(lead, hit.snippet);
      item.appendChild(lead);
    }
    if (sections.length) {
      var list = el("ul", "ecm-result__sections");
      sections.forEach(function (section) {
        var row = el("li", "ecm-result__section");
        var to = el("a", "ecm-result__section-link", section.heading || hit.title);
        to.href = hitHref(hit, section.anchor);
        row.appendChild(to);
        if (section.snippet) {
          var text = el("p", "ecm-result__snippet");
          appendSnippet(text, section.snippet);
          row.appendChild(text);
        }
        list.appendChild(row);
      });
      item.appendChild(list);
    }
    return item;
  }

  function matchNote(answer) {
    if (!answer.results.length || !answer.match || answer.match === "all") return "";
    var missing = (answer.missing || []).join(" ");
    if (answer.match === "partial") { // as the CLI says it (search/terminal.py)
      return missing ? "ไม่พบเรื่องที่ตรงกับ " + missing + "ทั้งหมด" : "ไม่พบเรื่องที่ตรงกับคำค้นทุกคำ";
    }
    return "ไม่มีเรื่องที่ตรงกับคำค้นโดยตรง";
  }

  /* "หมายถึง … ใช่ไหม" with a link or button that searches the suggestion. */
  function suggestionLine(node, answer, query, onPick) {
    node.replaceChildren();
    if (!answer.suggestion || answer.suggestion === query) {
      node.hidden = true;
      return;
    }
    node.appendChild(document.createTextNode("หมายถึง "));
    node.appendChild(onPick(answer.suggestion));
    node.appendChild(document.createTextNode(" ใช่ไหม"));
    node.hidden = false;
  }

  /* --- the box in the header --------------------------------------------------- */

  function startBox() {
    var input = box.querySelector(".ecm-search__input");
    var panel = box.querySelector(".ecm-search__panel");
    var status = box.querySelector(".ecm-search__status");
    var announcer = box.querySelector(".ecm-search__announce");
    var suggestion = box.querySelector(".ecm-search__suggestion");
    var list = box.querySelector(".ecm-search__results");
    var recentPart = el("div", "ecm-search__recent");
    recentPart.hidden = true;
    panel.insertBefore(recentPart, panel.firstChild);
    var more = el("p", "ecm-search__more");
    more.hidden = true;
    panel.appendChild(more);

    var timer = 0;
    var latest = 0; // number of the newest query; older answers are dropped
    var inflight = null;

    function run() {
      var query = input.value.trim();
      var number = ++latest;
      if (inflight) inflight.abort();
      inflight = typeof AbortController === "function" ? new AbortController() : null;
      if (!query) {
        showRecent();
        return;
      }
      recentPart.hidden = true;
      open();
      box.setAttribute("aria-busy", "true");
      search(query, { limit: BOX_LIMIT, signal: inflight && inflight.signal }).then(function (answer) {
        if (number === latest) show(query, answer);
      }, function (err) {
        if (number !== latest || (err && err.name === "AbortError")) return;
        showMessage("ค้นหาไม่ได้ในขณะนี้");
        box.removeAttribute("data-ecm-source");
        box.removeAttribute("data-ecm-query");
      }).then(function () {
        if (number === latest) box.removeAttribute("aria-busy");
      });
    }

    /* The hits under the box answer `query`; while the officer types they may answer an
       earlier prefix of the text, so data-ecm-query names the query they are for. */
    function show(query, answer) {
      box.setAttribute("data-ecm-source", answer.source || "engine");
      box.setAttribute("data-ecm-query", query);
      list.replaceChildren.apply(list, answer.results.map(boxItem));
      suggestionLine(suggestion, answer, query, function (text) {
        var button = el("button", "ecm-search__suggest", text);
        button.type = "button";
        button.addEventListener("click", function () {
          input.value = text;
          input.focus();
          clearTimeout(timer);
          run();
        });
        return button;
      });
      var note = matchNote(answer);
      if (!answer.results.length) {
        say("ไม่พบเรื่องที่ตรงกับ “" + query + "”");
      } else {
        var found = answer.match === "partial" ? "ตรงบางส่วน " : "พบ ";
        say((note ? note + " · " : "") + found + answer.total + " เรื่อง · กดลูกศรลงเพื่อเลือก");
      }
      more.replaceChildren();
      if (answer.results.length) {
        var all = el("a", "ecm-search__all", "ดูผลการค้นหาทั้งหมด (" + answer.total + " เรื่อง)");
        all.href = resultsUrl(query);
        all.addEventListener("click", function () { remember(query); });
        more.appendChild(all);
      }
      more.hidden = !answer.results.length;
    }

    function showMessage(text) {
      list.replaceChildren();
      suggestion.hidden = true;
      more.hidden = true;
      say(text);
    }

    /* The status line under the box, and the same words to screen readers through a
       live region outside the panel (one inside a panel that opens at the same moment
       is often not read). */
    function say(text) {
      status.textContent = text;
      if (announcer) announcer.textContent = text;
    }

    function showRecent() {
      var recent = recentSearches();
      list.replaceChildren();
      box.removeAttribute("data-ecm-query");
      suggestion.hidden = true;
      more.hidden = true;
      say("");
      recentPart.replaceChildren();
      if (!recent.length) {
        close();
        return;
      }
      recentPart.appendChild(el("p", "ecm-search__recent-title", "ค้นหาล่าสุด"));
      var items = el("ul", "ecm-search__recent-list");
      recent.forEach(function (query) {
        var row = el("li");
        var link = el("a", "ecm-search__recent-link", query);
        link.href = resultsUrl(query);
        row.appendChild(link);
        items.appendChild(row);
      });
      recentPart.appendChild(items);
      var clear = el("button", "ecm-search__recent-clear", "ล้างประวัติการค้นหา");
      clear.type = "button";
      clear.addEventListener("click", function () {
        forget();
        close();
        input.focus();
      });
      recentPart.appendChild(clear);
      recentPart.hidden = false;
      open();
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
      return Array.prototype.slice.call(panel.querySelectorAll("a"));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      suggestion.hidden = true; // it answered the words before this keystroke
      timer = setTimeout(run, DEBOUNCE_MS);
    });

    input.addEventListener("focus", function () {
      if (!input.value.trim()) showRecent();
      else if (list.childElementCount) open();
    });

    box.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        input.focus(); // first: focusing the box reopens a panel that has hits
        close();
      } else if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else all[at - 1].focus();
      } else if (event.key === "Enter" && document.activeElement === input) {
        // the results page for the words in the box now, never an older query's hit
        event.preventDefault();
        var query = input.value.trim();
        if (!query) return;
        clearTimeout(timer);
        latest++;
        if (inflight) inflight.abort();
        remember(query);
        window.location.href = resultsUrl(query);
      }
    });

    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });

    /* `/` (outside a text field) and Ctrl+K or ⌘K anywhere: to the search box. */
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      var ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "k" || event.key === "K");
      var slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!ctrlK && !slash) return;
      event.preventDefault();
      input.focus();
      input.select();
    });

    return input;
  }

  /* --- the results page, search/?q=… ------------------------------------------- */

  function startResultsPage(container, boxInput) {
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    var category = params.get("category") || "";
    var lang = params.get("lang") || "";
    var pageNumber = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);

    var form = el("form", "ecm-results__form");
    form.method = "get";
    form.action = new URL("search/", root).href;
    form.setAttribute("role", "search");
    var queryLabel = el("label", "ecm-results__field");
    queryLabel.appendChild(el("span", "", "คำค้น"));
    var queryInput = el("input", "ecm-results__query");
    queryInput.type = "search";
    queryInput.name = "q";
    queryInput.value = query;
    queryLabel.appendChild(queryInput);
    form.appendChild(queryLabel);
    form.appendChild(selectField("หมวด", "category", category, [["", "ทุกหมวด"]].concat(
      Object.keys(categories).map(function (slug) { return [slug, categories[slug]]; })
    )));
    form.appendChild(selectField("ภาษา", "lang", lang, [["", "ทุกภาษา"], ["th", "ไทย"], ["en", "English"]]));
    var go = el("button", "md-button md-button--primary", "ค้นหา");
    go.type = "submit";
    form.appendChild(go);
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") form.submit(); // a filter applies at once
    });
    form.addEventListener("submit", function () {
      var text = queryInput.value.trim();
      if (text) remember(text);
    });

    var status = el("p", "ecm-results__status");
    status.setAttribute("role", "status");
    var note = el("p", "ecm-results__match");
    note.hidden = true;
    var suggestion = el("p", "ecm-results__suggestion");
    suggestion.hidden = true;
    var list = el("ol", "ecm-results__list");
    var pager = el("nav", "ecm-pager");
    pager.setAttribute("aria-label", "เลขหน้าผลการค้นหา");
    pager.hidden = true;
    // A partial answer is said first, and its results come under their own heading.
    container.replaceChildren(form, note, status, suggestion, list, pager);

    if (boxInput && query) boxInput.value = query;
    if (!query) {
      status.textContent = "พิมพ์คำค้นในช่องด้านบน";
      queryInput.focus();
      return;
    }
    document.title = "ค้นหา: " + query + " · " + document.title;
    status.textContent = "กำลังค้นหา “" + query + "” …";
    container.setAttribute("aria-busy", "true");
    search(query, { limit: PAGE_LIMIT, category: category, lang: lang }).then(function (answer) {
      container.setAttribute("data-ecm-source", answer.source || "engine");
      var results = answer.results;
      var pages = Math.max(1, Math.ceil(results.length / PAGE_SIZE));
      var number = Math.min(pageNumber, pages);
      var shown = results.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
      list.start = (number - 1) * PAGE_SIZE + 1;
      list.replaceChildren.apply(list, shown.map(pageItem));
      if (!results.length) {
        status.textContent = "ไม่พบเรื่องที่ตรงกับ “" + query + "”" + (category || lang ? " ในตัวกรองที่เลือก" : "");
      } else {
        var first = (number - 1) * PAGE_SIZE + 1;
        var found = answer.match === "partial" ? "ผลที่ตรงบางส่วน " : "พบ ";
        status.textContent = found + answer.total + " เรื่องสำหรับ “" + query + "” · แสดงเรื่องที่ " +
          first + "–" + (first + shown.length - 1) +
          (answer.total > results.length ? " (แสดงได้ไม่เกิน " + results.length + " เรื่อง ลองระบุคำค้นให้ชัดขึ้น)" : "");
      }
      var text = matchNote(answer);
      note.textContent = text;
      note.hidden = !text;
      if (text) note.setAttribute("data-ecm-match", answer.match);
      suggestionLine(suggestion, answer, query, function (word) {
        var link = el("a", "ecm-results__suggest", word);
        link.href = resultsUrl(word, { category: category, lang: lang });
        return link;
      });
      showPager(pager, pages, number, function (n) {
        return resultsUrl(query, { category: category, lang: lang, page: n > 1 ? String(n) : "" });
      });
      report(query, answer);
    }, function () {
      status.textContent = "ค้นหาไม่ได้ในขณะนี้";
    }).then(function () {
      container.removeAttribute("aria-busy");
    });
  }

  function selectField(label, name, value, options) {
    var field = el("label", "ecm-results__field");
    field.appendChild(el("span", "", label));
    var select = el("select");
    select.name = name;
    options.forEach(function (pair) {
      var option = el("option", "", pair[1]);
      option.value = pair[0];
      if (pair[0] === value) option.selected = true;
      select.appendChild(option);
    });
    field.appendChild(select);
    return field;
  }

  function showPager(pager, pages, current, href) {
    pager.replaceChildren();
    if (pages < 2) return;
    pager.appendChild(document.createTextNode("หน้า "));
    for (var n = 1; n <= pages; n++) {
      var item;
      if (n === current) {
        item = el("span", "ecm-pager__current", String(n));
        item.setAttribute("aria-current", "page");
      } else {
        item = el("a", "", String(n));
        item.href = href(n);
      }
      pager.appendChild(item);
      pager.appendChild(document.createTextNode(" "));
    }
    pager.hidden = false;
  }

  /* Under `serve` with feedback switched on, the results page tells the server what
     was searched and how it went (no name, no address); anywhere else nothing is sent. */
  function report(query, answer) {
    if (typeof ECM.feedbackEnabled !== "function") return;
    ECM.feedbackEnabled().then(function (enabled) {
      if (!enabled) return;
      ECM.post("api/searches", {
        query: query,
        total: answer.total || 0,
        match: answer.match || (answer.results.length ? "" : "none")
      });
    });
  }

  /* --- feedback: "มีประโยชน์ไหม / แจ้งปัญหา" ----------------------------------------- */

  var feedbackAnswer = null;

  /* Whether this server keeps feedback (`serve` with feedback on); asked once. */
  ECM.feedbackEnabled = function () {
    if (!feedbackAnswer) {
      feedbackAnswer = fetch(new URL("api/health", root).href, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) { return !!(data && data.feedback === true); }, function () { return false; });
    }
    return feedbackAnswer;
  };

  /* A same-origin JSON POST to the server (the only kind it accepts). */
  ECM.post = function (path, data) {
    return fetch(new URL(path, root).href, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(data)
    }).then(function (response) {
      if (!response.ok) throw new Error("not recorded");
      return response.json();
    });
  };

  function startFeedback(section) {
    var procedure = section.getAttribute("data-procedure");
    var category = section.getAttribute("data-category");
    var contact = section.getAttribute("data-contact");
    var title = section.getAttribute("data-title") || document.title;
    ECM.feedbackEnabled().then(function (enabled) {
      if (enabled) serverFeedback(section, procedure, category);
      else if (contact) mailFeedback(section, contact, title);
    });
  }

  function serverFeedback(section, procedure, category) {
    var question = el("p", "ecm-feedback__question", "เรื่องนี้มีประโยชน์ไหม");
    var yes = el("button", "md-button ecm-feedback__yes", "มีประโยชน์");
    var no = el("button", "md-button ecm-feedback__no", "ไม่มีประโยชน์");
    var problem = el("button", "md-button ecm-feedback__problem", "แจ้งปัญหา");
    [yes, no, problem].forEach(function (b) { b.type = "button"; });
    var buttons = el("div", "ecm-feedback__buttons");
    buttons.append(yes, no, problem);
    var form = el("form", "ecm-feedback__form");
    form.hidden = true;
    var label = el("label", "ecm-feedback__label", "บอกเราว่าควรแก้หรือเพิ่มอะไร (ไม่บังคับ ไม่ต้องใส่ชื่อ)");
    var comment = el("textarea", "ecm-feedback__comment");
    comment.maxLength = 1000;
    comment.rows = 3;
    label.appendChild(comment);
    var send = el("button", "md-button md-button--primary ecm-feedback__send", "ส่ง");
    send.type = "submit";
    form.append(label, send);
    var status = el("p", "ecm-feedback__status");
    status.setAttribute("role", "status");
    section.replaceChildren(question, buttons, form, status);
    section.hidden = false;

    var helpful = null;
    var isProblem = false;

    function submit(withComment) {
      var data = { procedure: procedure, category: category, helpful: helpful, problem: isProblem,
                   comment: withComment ? comment.value.trim() : "" };
      return ECM.post("api/feedback", data).then(function () {
        status.textContent = withComment ? "ขอบคุณ ส่งถึงผู้รับผิดชอบเรื่องนี้แล้ว" : "ขอบคุณสำหรับคำตอบ";
        return true;
      }, function () {
        status.textContent = "ส่งไม่ได้ในขณะนี้ ลองอีกครั้งภายหลัง";
        return false;
      });
    }

    function answered(value) {
      helpful = value;
      buttons.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      submit(false).then(function (ok) {
        if (!ok) return;
        form.hidden = false; // a comment may follow
        comment.focus();
      });
    }

    yes.addEventListener("click", function () { answered(true); });
    no.addEventListener("click", function () { answered(false); });
    problem.addEventListener("click", function () {
      isProblem = true;
      buttons.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      form.hidden = false;
      comment.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!isProblem && !comment.value.trim()) return;
      send.disabled = true;
      submit(true).then(function (ok) {
        if (ok) form.hidden = true;
        else send.disabled = false;
      });
    });
  }

  function mailFeedback(section, contact, title) {
    var link = el("a", "md-button ecm-feedback__mail", "แจ้งปัญหา");
    var url = window.location.href.split("#")[0];
    link.href = "mailto:" + contact + "?subject=" + encodeURIComponent("แจ้งปัญหา: " + title) +
      "&body=" + encodeURIComponent("หน้า: " + url + "\n\nปัญหาที่พบ:\n");
    section.replaceChildren(el("p", "ecm-feedback__question", "พบข้อผิดพลาดหรือข้อมูลที่ขาดในเรื่องนี้?"), link);
    section.hidden = false;
  }

  /* --- start --------------------------------------------------------------------- */

  var boxInput = box ? startBox() : null;
  var resultsPage = document.querySelector("[data-ecm-results]");
  if (resultsPage) startResultsPage(resultsPage, boxInput);
  document.querySelectorAll("[data-ecm-feedback]").forEach(startFeedback);

  /* On a phone the metadata panel starts folded under the title; printing unfolds it. */
  var folds = document.querySelectorAll("details.ecm-meta-fold");
  if (window.matchMedia && window.matchMedia("(max-width: 44.984375em)").matches) {
    folds.forEach(function (fold) { fold.open = false; });
  }
  window.addEventListener("beforeprint", function () {
    folds.forEach(function (fold) { fold.open = true; });
  });

  /* The print button on procedure pages. */
  document.querySelectorAll(".ecm-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
