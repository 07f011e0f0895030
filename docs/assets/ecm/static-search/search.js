/*
 * window.ECM.search(query, {limit, category, lang, tag}) -> Promise of the /api/search object,
 * with `source` ("api" or "static") added.
 *
 * It asks the site's own API when a server answers, and otherwise searches the index the
 * build exported into assets/ecm/static-index/ (static hosting, a USB stick). The officer
 * never chooses. From file:// the API is not even tried.
 *
 * The exported files are scripts calling ECM_SHARD(id, data); they are loaded by adding a
 * <script> element, which works from file:// where fetch is refused. The engine's own
 * code (text.js, engine.js) is loaded the same way, on the first search that needs it.
 */
(function () {
  "use strict";

  var ECM = (window.ECM = window.ECM || {});
  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var codeBase = new URL("./", here); // assets/ecm/static-search/
  var dataBase = new URL("../static-index/", codeBase);
  var siteRoot = new URL("../../../", codeBase);
  var waiting = {}; // shard id -> resolve function of the promise loading it
  var loaded = {}; // url -> promise of the script having run
  var apiAlive = window.location.protocol !== "file:" ? null : false;
  var index = null;

  window.ECM_SHARD = function (id, data) {
    if (waiting[id]) waiting[id](data);
    delete waiting[id];
  };

  /** Run a script of this site once; resolves when it has run. */
  ECM.loadScript =
    ECM.loadScript ||
    function (url) {
      if (!loaded[url]) {
        loaded[url] = new Promise(function (resolve, reject) {
          var tag = document.createElement("script");
          tag.src = url;
          tag.async = true;
          tag.onload = resolve;
          tag.onerror = function () {
            delete loaded[url];
            reject(new Error("cannot load " + url));
          };
          document.head.appendChild(tag);
        });
      }
      return loaded[url];
    };

  var shards = {}; // shard id -> promise of its data, asked for once

  /** The data of one exported shard ("core", "terms/7", "docs/12"...). */
  function loadShard(id) {
    if (!shards[id]) {
      shards[id] = new Promise(function (resolve, reject) {
        waiting[id] = resolve;
        ECM.loadScript(new URL(id + ".js", dataBase).href).then(function () {
          if (waiting[id]) reject(new Error("shard " + id + " did not register"));
        }, reject);
      });
      shards[id].catch(function () { delete shards[id]; }); // try again on the next query
    }
    return shards[id];
  }
  ECM.loadShard = loadShard;

  function staticIndex() {
    if (!index) {
      index = ECM.loadScript(new URL("text.js", codeBase).href)
        .then(function () { return ECM.loadScript(new URL("engine.js", codeBase).href); })
        .then(function () { return new ECM.engine.Index(loadShard).ready; });
      index.catch(function () { index = null; }); // try again on the next query
    }
    return index;
  }

  ECM.staticIndex = staticIndex; // Promise of the loaded engine.Index (tests use its word list)

  /** The exported index's answer; `source` tells the search box where it came from. */
  ECM.staticSearch = function (query, options) {
    return staticIndex()
      .then(function (ix) { return ECM.engine.search(ix, query, options || {}); })
      .then(function (answer) {
        answer.source = "static";
        return answer;
      });
  };

  function askApi(query, options) {
    var url = new URL("api/search", siteRoot);
    url.searchParams.set("q", query);
    ["limit", "category", "lang", "tag"].forEach(function (key) {
      if (options[key] !== undefined && options[key] !== null && options[key] !== "") {
        url.searchParams.set(key, String(options[key]));
      }
    });
    return fetch(url.href, { headers: { Accept: "application/json" }, signal: options.signal }).then(
      function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("json") < 0) throw new Error("no search API here");
        return response.json();
      }
    );
  }

  /** The category's display name for each hit, from the page's site data, as the box shows it. */
  function named(answer) {
    var node = document.getElementById("ecm-site-data");
    var categories = {};
    try {
      categories = (JSON.parse((node && node.textContent) || "{}") || {}).categories || {};
    } catch (err) {
      categories = {};
    }
    answer.results.forEach(function (hit) {
      hit.category_name = categories[hit.category] || hit.category || "";
    });
    return answer;
  }

  function search(query, options) {
    options = options || {};
    if (apiAlive === false) return ECM.staticSearch(query, options).then(named);
    return askApi(query, options).then(
      function (answer) {
        apiAlive = true;
        answer.source = "api";
        return named(answer);
      },
      function (err) {
        if (err && err.name === "AbortError") throw err;
        apiAlive = false; // static hosting: no server here, search the exported index
        return ECM.staticSearch(query, options).then(named);
      }
    );
  }

  if (typeof ECM.search !== "function") ECM.search = search; // a page's own one wins
})();
