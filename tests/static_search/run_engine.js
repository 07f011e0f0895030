// Run the browser's search engine in Node over an exported site, for the conformance tests.
//
//   node run_engine.js <site folder> <queries.json>   ->   one JSON answer per line
//
// queries.json: [{"query": "...", "limit": 10, ...filters}]. Each answer is
// {"tokens": [...query segmentation...], "response": {...as /api/search...}}, or
// {"tokens": [...], "error": "UnknownFilterValue"} for a filter value no document has.
// The engine's files run in one shared context, as <script> tags share `window`; the
// shards are run the same way, so ECM_SHARD registers them as in a browser.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, queriesFile] = process.argv.slice(2);
const code = path.join(__dirname, "..", "..", "docs", "assets", "ecm", "static-search");
const data = path.join(site, "assets", "ecm", "static-index");
const context = vm.createContext({ console, URL, Map, Set, Promise, Math });
context.window = context;
for (const file of ["text.js", "engine.js"]) {
  vm.runInContext(fs.readFileSync(path.join(code, file), "utf8"), context, { filename: file });
}
const ECM = context.ECM;
const waiting = {};
context.ECM_SHARD = (id, value) => { waiting[id] = value; };
const loadShard = (id) => {
  if (!(id in waiting)) {
    vm.runInContext(fs.readFileSync(path.join(data, id + ".js"), "utf8"), context);
  }
  return Promise.resolve(waiting[id]);
};

(async () => {
  const index = await new ECM.engine.Index(loadShard).ready;
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  for (const q of queries) {
    const tokens = ECM.text.queryTokens(ECM.text.parseQuery(q.query).words.join(" "), index.dict);
    let answer;
    try {
      answer = { tokens, response: await ECM.engine.search(index, q.query, q) };
    } catch (err) {
      if (err.name !== "UnknownFilterValue") throw err;
      answer = { tokens, error: err.name }; // the API refuses the same filter (exit 2)
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  }
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
