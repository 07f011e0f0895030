/*
 * The search engine in the browser, over the index the build exported
 * (indexer/site/static_search.py). Each step follows its Python original:
 *
 *   plan        search/plan.py      glossary synonyms, compound parts, lexicon translations,
 *                                   whole-phrase translations, filler words
 *   correct     search/spelling.py  "did you mean" from the index's own vocabulary
 *   score       indexer/index/whoosh_backend.py + search/engine.py
 *               the sum of the exported impacts (field boost x BM25F, query-independent)
 *               times each form's weight; then the coverage and title factors on the best candidates
 *   snippet     search/snippets.py  best section, <mark> on the analysed tokens
 *
 * It returns the same object as /api/search. Every number it ranks by comes from the
 * export (`core.ranking`): nothing here is tuned on its own.
 */
(function (ECM) {
  "use strict";

  var T = ECM.text;

  // --- the exported index -------------------------------------------------------------

  function Index(load) {
    this.load = load; // shard id -> Promise of its data
    this.terms = new Map(); // term -> rows [field, doc, impact, doc, impact, ...] (or null)
    this.docs = new Map(); // doc number -> its document shard
    this.ready = Promise.all([load("core"), load("words")]).then(
      function (parts) {
        this.core = parts[0];
        this.ranking = parts[0].ranking;
        this.dict = new T.Dictionary(parts[1]);
        T.useSpellings(parts[0].spellings);
        this.synonyms = new Synonyms(parts[0].glossary);
        this.translations = new Translations(parts[0].translations || []);
        this.stopwords = new Set(parts[0].stopwords);
        this.mission = new Set(parts[0].mission || []); // plan.mission_terms
        return this;
      }.bind(this)
    );
  }

  /** Make sure the postings of these terms are at hand: load the shards they hash to. */
  Index.prototype.fetchTerms = function (terms) {
    var self = this;
    var wanted = new Set();
    terms.forEach(function (t) {
      if (!self.terms.has(t)) wanted.add(termShard(t, self.core.term_shards));
    });
    return Promise.all(
      Array.from(wanted).map(function (n) {
        return self.load("terms/" + n).then(function (shard) {
          Object.keys(shard).forEach(function (t) { self.terms.set(t, shard[t]); });
        });
      })
    ).then(function () {
      terms.forEach(function (t) { if (!self.terms.has(t)) self.terms.set(t, null); });
    });
  };

  /** Positions of these terms (for quoted phrases): term -> Map "field:doc" -> positions. */
  Index.prototype.fetchPositions = function (terms) {
    var self = this;
    self.positions = self.positions || new Map();
    var wanted = new Set();
    terms.forEach(function (t) {
      if (!self.positions.has(t)) wanted.add(termShard(t, self.core.term_shards));
    });
    return Promise.all(
      Array.from(wanted).map(function (n) {
        return self.load("positions/" + n).then(function (shard) {
          Object.keys(shard).forEach(function (t) {
            var at = new Map();
            shard[t].forEach(function (row) {
              for (var k = 1; k < row.length; k += 2) at.set(row[0] + ":" + row[k], new Set(row[k + 1]));
            });
            self.positions.set(t, at);
          });
        });
      })
    ).then(function () {
      terms.forEach(function (t) { if (!self.positions.has(t)) self.positions.set(t, new Map()); });
    });
  };

  /** Whether the words follow one another in this field of this document (a Phrase). */
  Index.prototype.adjacent = function (words, field, doc) {
    var key = field + ":" + doc;
    var sets = words.map(function (w) { return this.positions.get(w).get(key); }, this);
    if (sets.some(function (s) { return !s; })) return false;
    return Array.from(sets[0]).some(function (start) {
      return sets.every(function (s, i) { return s.has(start + i); });
    });
  };

  Index.prototype.fetchDocs = function (numbers) {
    var self = this;
    return Promise.all(
      numbers.map(function (n) {
        if (self.docs.has(n)) return self.docs.get(n);
        return self.load("docs/" + n).then(function (doc) {
          self.docs.set(n, doc);
          return doc;
        });
      })
    );
  };

  /** Documents holding a term in any text field (the engine's `df`). */
  Index.prototype.df = function (term) {
    var rows = this.terms.get(term);
    var most = 0;
    (rows || []).forEach(function (row) { most = Math.max(most, (row.length - 1) / 2); });
    return most;
  };

  /** Make sure the real words filed under these keys' first letters are at hand (the
   * language/<n>.js shards: indexer/text/language.py, filed as tables.CountedWords). */
  Index.prototype.fetchLanguage = function (keys) {
    var self = this;
    var shards = this.ranking.language_shards || 0;
    if (!this.language) { this.language = new Map(); this.languageShards = new Map(); }
    if (!shards) return Promise.resolve();
    var wanted = new Set();
    keys.forEach(function (k) { wanted.add(termShard(k.slice(0, self.ranking.prefix), shards)); });
    return Promise.all(Array.from(wanted).map(function (n) {
      if (!self.languageShards.has(n)) {
        self.languageShards.set(n, self.load("language/" + n).then(function (shard) {
          Object.keys(shard).forEach(function (w) { self.language.set(w, shard[w]); });
        }));
      }
      return self.languageShards.get(n);
    }));
  };

  /** Language.count: a real word's count in its corpus, or null for no word (once fetched). */
  Index.prototype.languageCount = function (word) {
    var count = this.language ? this.language.get(word) : undefined;
    return count === undefined ? null : count;
  };

  /** The keys every word inside `text` is filed under: its letters from each place, up
   * to tables.PREFIX of them (a shorter word is filed under itself). */
  Index.prototype.insideKeys = function (text) {
    var keys = [];
    for (var i = 0; i < text.length; i++) {
      for (var k = 1; k <= Math.min(this.ranking.prefix, text.length - i); k++) keys.push(text.substr(i, k));
    }
    return keys;
  };

  /** Language.page_analyzer's word list, as much of it as `text` holds (after fetchLanguage
   * of its insideKeys): the real Thai words inside the text. */
  Index.prototype.pageWords = function (text) {
    var words = [];
    for (var i = 0; i < text.length; i++) {
      for (var j = i + 1; j <= Math.min(text.length, i + this.ranking.language_longest); j++) {
        var w = text.slice(i, j);
        if (this.language.has(w)) words.push(w);
      }
    }
    return words;
  };

  Index.prototype.speller = function () {
    if (!this._speller) this._speller = this.load("spelling").then(function (s) { return new Speller(s); });
    return this._speller;
  };

  /** FNV-1a over the code points, as static_search.term_shard. */
  function termShard(term, shards) {
    var h = 0x811c9dc5;
    for (var ch of term) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  // --- search/spans.py ------------------------------------------------------------------

  /** Non-overlapping [start, end, value] spans of `shortest` to `longest` tokens found in
   * `table` (a Map keyed by the words joined by NUL), the longest at each position first,
   * left to right. */
  function longestMatches(tokens, table, longest, shortest) {
    var spans = [];
    var i = 0;
    while (i < tokens.length) {
      var found = false;
      for (var size = Math.min(longest, tokens.length - i); size >= shortest; size--) {
        var value = table.get(tokens.slice(i, i + size).join("\u0000"));
        if (value !== undefined) {
          spans.push([i, i + size, value]);
          i += size;
          found = true;
          break;
        }
      }
      if (!found) i += 1;
    }
    return spans;
  }

  // --- search/synonyms.py ---------------------------------------------------------------

  function Synonyms(groups) {
    this.groups = groups;
    this.lookup = new Map();
    this.phrases = new Set(); // the multi-word forms as variants hold them: postings exported
    this.longest = 0;
    groups.forEach(function (group, i) {
      group.forEach(function (words) {
        var key = words.join("\u0000");
        if (!this.lookup.has(key)) this.lookup.set(key, i);
        var held = T.phraseWords(words);
        if (held.length > 1) this.phrases.add(held.join("\u0000"));
        this.longest = Math.max(this.longest, words.length);
      }, this);
    }, this);
  }
  Synonyms.prototype.find = function (tokens) {
    return longestMatches(tokens, this.lookup, this.longest, 1);
  };
  Synonyms.prototype.others = function (group, words) {
    var key = words.join("\u0000");
    return this.groups[group].filter(function (w) { return w.join("\u0000") !== key; });
  };

  // --- search/translations.py ---------------------------------------------------------

  function Translations(rows) {
    this.forms = new Map(); // words joined by NUL -> [forms]
    this.longest = 0;
    rows.forEach(function (row) {
      this.forms.set(row[0].join("\u0000"), row.slice(1));
      this.longest = Math.max(this.longest, row[0].length);
    }, this);
  }
  /** The words' translations: their own, then the siblings reached through one. */
  Translations.prototype.of = function (words) {
    return (this.forms.get(words.join("\u0000")) || []).filter(function (f) { return f.length; });
  };
  /** Translations.weighed: [form, chained] pairs, chained after the row's empty form. */
  Translations.prototype.weighed = function (words) {
    var forms = this.forms.get(words.join("\u0000")) || [];
    var at = forms.findIndex(function (f) { return !f.length; });
    if (at < 0) at = forms.length;
    var out = [];
    forms.forEach(function (f, i) { if (f.length) out.push([f, i > at]); });
    return out;
  };
  /** Non-overlapping [start, end] spans of two words or more with a translation,
   * longest first, left to right. */
  Translations.prototype.phrases = function (tokens) {
    return longestMatches(tokens, this.forms, this.longest, 2).map(function (span) {
      return [span[0], span[1]];
    });
  };

  // --- search/spelling.py ---------------------------------------------------------------

  var THAI_MARKS = (function () {
    var codes = [0x0e30, 0x0e31, 0x0e32, 0x0e33, 0x0e45, 0x0e46];
    for (var c = 0x0e34; c < 0x0e3b; c++) codes.push(c);
    for (c = 0x0e47; c < 0x0e4f; c++) codes.push(c);
    return String.fromCharCode.apply(null, codes) + "\u0e40\u0e41\u0e42\u0e43\u0e44";
  })();
  var MAX_CANDIDATES = 20;

  function maxEdits(word) {
    var n = Array.from(word).length;
    if (n < (T.isThai(word) ? 4 : 5)) return 0;
    return n < 8 ? 1 : 2;
  }

  var ROWS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]; // editDistance's, reused

  /** Edit distance where a swap of two neighbours is one edit (optimal string alignment,
   * rapidfuzz's OSA), or limit + 1 when it exceeds `limit`. Every edit off the diagonal
   * costs one, so a path within `limit` stays within `limit` cells of it: only that band
   * is measured, a cell beside it counting limit + 1. It stops once two rows in a row are
   * past the limit (a swap reaches back two rows). */
  function editDistance(a, b, limit) {
    var n = a.length, m = b.length, far = limit + 1;
    if (Math.abs(n - m) > limit) return far;
    if (ROWS[0].length <= m) ROWS = ROWS.map(function () { return new Int32Array(2 * m + 2); });
    var before = ROWS[0], prev = ROWS[1], row = ROWS[2];
    for (var j = 0; j <= m; j++) prev[j] = Math.min(j, far);
    var leastBefore = 0;
    for (var i = 1; i <= n; i++) {
      var lo = Math.max(1, i - limit), hi = Math.min(m, i + limit);
      row[lo - 1] = lo === 1 ? Math.min(i, far) : far;
      if (hi < m) row[hi + 1] = far;
      var least = row[lo - 1];
      for (j = lo; j <= hi; j++) {
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] !== b[j - 1] && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, before[j - 2] + 1);
        }
        row[j] = v;
        if (v < least) least = v;
      }
      if (least > limit && leastBefore > limit) return far;
      leastBefore = least;
      var spare = before;
      before = prev;
      prev = row;
      row = spare;
    }
    return Math.min(prev[m], far);
  }

  /** spelling.typo_cost: the cheapest edit, a Thai vowel or tone mark costing half, a swap of
   * two neighbours one edit. */
  function typoCost(typed, term) {
    function cost(chars) {
      return chars.split("").every(function (c) { return THAI_MARKS.indexOf(c) >= 0; }) ? 0.5 : 1.0;
    }
    var before = null; // the row of two letters back, for a swap
    var prev = [0];
    for (var j = 1; j <= term.length; j++) prev.push(prev[j - 1] + cost(term[j - 1]));
    for (var i = 1; i <= typed.length; i++) {
      var row = [prev[0] + cost(typed[i - 1])];
      for (j = 1; j <= term.length; j++) {
        var a = typed[i - 1];
        var b = term[j - 1];
        var best = Math.min(
          prev[j] + cost(a),
          row[j - 1] + cost(b),
          prev[j - 1] + (a === b ? 0 : cost(a + b))
        );
        if (before && j > 1 && a !== b && a === term[j - 2] && typed[i - 2] === b) {
          best = Math.min(best, before[j - 2] + cost(a + b));
        }
        row.push(best);
      }
      before = prev;
      prev = row;
    }
    return prev[term.length];
  }

  /** spelling.Candidates: a vocabulary's words, as `nearest` searches them. A word within
   * `limit` edits of another differs from it in length by at most `limit` (an edit changes
   * the length by one at most, a swap of two neighbours not at all), so only the words of
   * those lengths are measured: the words' places in the vocabulary are kept by length
   * (in UTF-16 units, as editDistance counts), and the places order equally near words
   * as a measure of the whole vocabulary would. */
  function Candidates(words) {
    this.words = words;
    this.byLength = []; // length -> the places of the words that long, in order
    words.forEach(function (w, i) {
      (this.byLength[w.length] = this.byLength[w.length] || []).push(i);
    }, this);
  }

  /** The words, for asking whether one is among them (Speller.split). */
  Candidates.prototype.known = function () {
    if (!this._known) this._known = new Set(this.words);
    return this._known;
  };

  /** The `count` words nearest `word` by editDistance, at most `limit` edits away, nearest
   * first, equally near ones in the vocabulary's order. */
  Candidates.prototype.nearest = function (word, limit, count) {
    var found = [];
    var last = Math.min(word.length + limit, this.byLength.length - 1);
    for (var n = Math.max(0, word.length - limit); n <= last; n++) {
      var places = this.byLength[n] || [];
      for (var i = 0; i < places.length; i++) {
        var d = editDistance(word, this.words[places[i]], limit);
        if (d <= limit) found.push([d, places[i]]);
      }
    }
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    return found.slice(0, count).map(function (f) { return this.words[f[1]]; }, this);
  };

  function Speller(shard) {
    var thai = [];
    var latin = [];
    this.df = new Map();
    shard.words.forEach(function (w, i) {
      (T.isThai(w) ? thai : latin).push(w);
      this.df.set(w, shard.df[i]);
    }, this);
    this.thai = new Candidates(thai);
    this.latin = new Candidates(latin);
  }
  /** spelling.Speller.nearest: the closest word (for a short non-word, a swap of neighbours:
   * spelling.SWAP_LENGTH), the most frequent of equally close ones,
   * among those at least `least` documents say (the exported df counts both languages). */
  Speller.prototype.nearest = async function (index, word, least) {
    var limit = maxEdits(word);
    var thai = T.isThai(word);
    var found;
    if (limit) {
      found = (thai ? this.thai : this.latin).nearest(word, limit, MAX_CANDIDATES);
    } else if (!thai && Array.from(word).length === index.ranking.swap_length) {
      await index.fetchLanguage([word]);
      if (index.languageCount(word) !== null) return null;
      var known = this.latin.known();
      found = neighbourSwaps(word).filter(function (term) { return known.has(term); });
    } else {
      return null;
    }
    var keys = [];
    found.forEach(function (term) {
      if (term === word || !(thai || term[0] === word[0])) return;
      var df = this.df.get(term) || 0;
      if (df < (least || 0)) return;
      keys.push([typoCost(word, term), -df, term]);
    }, this);
    if (!keys.length) return null;
    await index.fetchLanguage([word].concat(keys.map(function (k) { return k[2]; })));
    var best = null;
    keys.forEach(function (key) {
      if (slip(index, word, key[2]) && (!best || compare(key, best) < 0)) best = key;
    });
    return best ? best[2] : null;
  };

  /** spelling.neighbour_swaps: the word with each pair of neighbouring letters the other way round. */
  function neighbourSwaps(word) {
    var out = [];
    for (var i = 0; i + 1 < word.length; i++) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    return out;
  }

  /** spelling.Speller.split: two vocabulary words typed without the space between them, a
   * space apart; of the splits into two known words, the one whose rarer word is the
   * commonest (then the shorter first word); none for a real word. */
  Speller.prototype.split = async function (index, word) {
    var least = index.ranking.min_split_piece;
    if (word.length < 2 * least) return null;
    await index.fetchLanguage([word]);
    if (index.languageCount(word) !== null) return null;
    var known = this.latin.known();
    var best = null;
    for (var i = least; i <= word.length - least; i++) {
      var a = word.slice(0, i), b = word.slice(i);
      if (!known.has(a) || !known.has(b)) continue;
      var key = [-Math.min(this.df.get(a) || 0, this.df.get(b) || 0), a.length, a + " " + b];
      if (!best || compare(key, best) < 0) best = key;
    }
    return best ? best[2] : null;
  };

  /** Speller.slip: `typed` may be a slip for `term` when it is no real word, or `term` is
   * language_commoner times as common in the language. */
  function slip(index, typed, term) {
    var have = index.languageCount(typed);
    return have === null || (index.languageCount(term) || 0) >= index.ranking.language_commoner * Math.max(have, 1);
  }

  /** Python's ordering of tuples of numbers and strings. */
  function compare(a, b) {
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return a.length - b.length;
  }

  // --- search/plan.py -------------------------------------------------------------------

  /** Weighted: chained when reached only through a chain of translations (engine.hold). */
  function variant(words, boost, phrase, chained) {
    return { words: words, boost: boost, phrase: !!phrase, chained: !!chained };
  }

  /** plan.form: a variant matching these words, a phrase of several as the index holds
   * them one after another (a hyphenated word is its join: phraseWords). */
  function form(words, boost, chained) {
    words = T.phraseWords(words);
    return variant(words, boost, words.length > 1, chained);
  }

  function conceptWords(concept) {
    var words = new Set();
    concept.variants.forEach(function (v) { v.words.forEach(function (w) { words.add(w); }); });
    return words;
  }

  /** QueryPlanner.correct: the query with each word the index lacks replaced, and the
   * [correction, word] pairs of the Latin words some page does hold. */
  async function correct(index, text) {
    var norm = T.normaliseDigits(text);
    var edits = [];
    var kept = [];
    var runs = T.runs(norm);
    var latin = runs.filter(function (r) { return r.kind === "lat"; });
    var stems = [];
    latin.forEach(function (r) { stems = stems.concat(T.queryTokens(r.text, index.dict)); });
    await index.fetchTerms(stems);
    for (var r of runs) {
      if (r.kind === "th") {
        var pieces = T.segmentThai(r.text, r.start, index.dict);
        var fix = await correctThaiRun(index, pieces, norm);
        if (fix) edits.push(fix);
      } else if (r.kind === "lat") {
        var pieceRe = /[^-.]+/g; // plan.LATIN_PIECE: e-pasport's pieces, one by one
        var piece;
        while ((piece = pieceRe.exec(r.text)) !== null) {
          var word = piece[0];
          var start = r.start + piece.index;
          if (!/^\p{L}+$/u.test(word) || translatedLatin(index, word)) continue;
          var held = latinDf(index, word);
          if (held > index.ranking.rare_held) continue;
          var speller = await index.speller();
          var fixed = await speller.nearest(index, word.toLowerCase(), index.ranking.commoner * held);
          if (!fixed && !held) fixed = await speller.split(index, word.toLowerCase());
          if (fixed) {
            edits.push([start, start + word.length, fixed]);
            if (held) kept.push([fixed, word]);
          }
        }
      }
    }
    var typed = new Retyped(text, edits);
    edits.sort(compare).reverse().forEach(function (e) {
      text = text.slice(0, e[0]) + e[2] + text.slice(e[1]);
    });
    return { text: text, held: kept, typed: typed };
  }

  /** plan.Retyped: the query as typed, read through the spans of its corrected copy. */
  function Retyped(typed, edits) {
    this.typed = typed;
    this.edits = [];
    var shift = 0;
    edits.slice().sort(compare).forEach(function (e) {
      this.edits.push([e[0] + shift, e[0] + shift + e[2].length, e[0], e[1]]);
      shift += e[2].length - (e[1] - e[0]);
    }, this);
  }
  Retyped.prototype.position = function (at, end) {
    var shift = 0;
    for (var e of this.edits) {
      if (at < e[0] || (end && at === e[0])) break;
      if (at < e[1] || (end && at === e[1])) return end ? e[3] : e[2];
      shift = e[3] - e[1];
    }
    return at + shift;
  };
  Retyped.prototype.text = function (start, end) {
    return this.typed.slice(this.position(start, false), this.position(end, true));
  };

  /** QueryPlanner.keep_held: a corrected Latin word some page holds stays a variant. */
  function keepHeld(index, found, held) {
    held.forEach(function (pair) {
      var fixed = JSON.stringify(T.queryTokens(pair[0], index.dict));
      var typed = form(T.queryTokens(pair[1], index.dict), 1.0);
      found.forEach(function (c) {
        if (c.variants.some(function (v) { return JSON.stringify(v.words) === fixed; })) {
          c.variants = merged(c.variants.concat([typed]));
        }
      });
    });
  }

  /** QueryPlanner.known_thai: a word the index holds, or one the lexicon translates. */
  function knownThai(index, word) {
    return index.dict.words.has(word) || index.translations.of([word]).length > 0;
  }

  /** SearchEngine.latin_df: documents holding a Latin word as analysed (its stem). */
  function latinDf(index, word) {
    return T.queryTokens(word, index.dict).reduce(function (most, t) { return Math.max(most, index.df(t)); }, 0);
  }

  /** QueryPlanner.translated_latin: a Latin word the lexicon can carry into Thai. */
  function translatedLatin(index, word) {
    return T.queryTokens(word, index.dict).some(function (t) { return index.translations.of([t]).length > 0; });
  }

  async function correctThaiRun(index, pieces, text) {
    var unknown = -1;
    for (var i = 0; i < pieces.length; i++) {
      if (!knownThai(index, pieces[i][0])) { unknown = i; break; }
    }
    if (unknown < 0) return null;
    var reach = index.ranking.max_window;
    // the unknown piece is part of a word the lexicon knows (ไต้หวัน cut as ไต้ หวัน): kept
    for (var a0 = Math.max(0, unknown - reach + 1); a0 <= unknown; a0++) {
      for (var b0 = unknown + 1; b0 <= Math.min(pieces.length, a0 + reach); b0++) {
        if (b0 - a0 > 1 && knownThai(index, text.slice(pieces[a0][1], pieces[b0 - 1][2]))) return null;
      }
    }
    var speller = await index.speller();
    var windows = [];
    for (var a = Math.max(0, unknown - reach + 1); a <= unknown; a++) {
      for (var b = unknown + 1; b <= Math.min(pieces.length, a + reach); b++) windows.push([a, b]);
    }
    function windowText(w) { return text.slice(pieces[w[0]][1], pieces[w[1] - 1][2]).replace(/\./g, ""); }
    // or of a real word (ท่องเที่ยว cut as ท่อง เที่ยว): only that word, whole, may be a slip
    await index.fetchLanguage(windows.map(windowText));
    var real = windows.filter(function (w) { return w[1] - w[0] > 1 && index.languageCount(windowText(w)) !== null; });
    var best = null;
    for (var w of real.length ? real : windows) {
      var start = pieces[w[0]][1];
      var end = pieces[w[1] - 1][2];
      var fixed = await speller.nearest(index, windowText(w));
      if (!fixed) continue;
      var key = [typoCost(text.slice(start, end), fixed) / fixed.length, -(end - start), start, end, fixed];
      if (!best || compare(key, best) < 0) best = key;
    }
    return best ? [best[2], best[3], best[4]] : null;
  }

  /** QueryPlanner.translated: the lexicon's forms of these words, as variants; the chained
   * ones (after the row's empty form) at chained_factor of the weight. */
  function translated(index, words, boost) {
    var chained = boost * index.ranking.chained_factor;
    return index.translations.weighed(words).slice(0, index.ranking.max_translations).map(function (f) {
      return form(f[0], f[1] ? chained : boost, f[1]);
    });
  }

  function isFiller(index, word, typed) {
    return index.stopwords.has(word) || index.stopwords.has(typed.toLowerCase());
  }

  function wordConcept(index, word, typed, i) {
    var variants = [variant([word], 1.0)];
    var parts = partsOf(index, word);
    if (parts) variants.push(variant(parts, index.ranking.parts_boost));
    variants = variants.concat(translated(index, [word], index.ranking.translation_boost));
    var concept = { label: typed, variants: variants, span: [i, i + 1], phraseBonus: false };
    if (parts) concept.parts = parts;
    return concept;
  }

  /** QueryPlanner.parts_of: a Thai compound's dictionary parts, or null. */
  function partsOf(index, word) {
    if (!(T.isThai(word) && word.length > 3)) return null;
    var parts = T.bestSplit(word, index.dict.words, index.ranking.min_subword, index.ranking.max_word);
    return parts.length > 1 ? parts : null;
  }

  /** lexicon.shorthand: a Thai phrase headed by a stopword (ต่อ พาส), kept whole. */
  function shorthand(index, words) {
    return words.length > 1 && T.isThai(words[0]) && isFiller(index, words[0], words[0]);
  }

  /** plan.function_forms: the words of each Thai form made of several stopwords only,
   * which holds only close together (engine.near). */
  function functionForms(index, variants) {
    return variants.filter(function (v) {
      return v.words.length > 1 && v.words.every(function (w) { return T.isThai(w) && index.stopwords.has(w); });
    }).map(function (v) { return v.words; });
  }

  /** plan.merged: one variant per form, weighing the sum of the weights it was reached with,
   * up to the typed word's 1.0 (chained only if every way it was reached is). */
  function merged(variants) {
    var out = new Map();
    variants.forEach(function (v) {
      var key = JSON.stringify([v.words, v.phrase]);
      var seen = out.get(key);
      out.set(key, seen ? variant(v.words, Math.min(1.0, seen.boost + v.boost), v.phrase, seen.chained && v.chained) : v);
    });
    return Array.from(out.values());
  }

  /** plan.joined_parts: e-Passport's parts (e, passport) are a bonus beside the joined word
   * (epassport), the one telling concept, which the parts side by side also hold. */
  function joinedParts(found, words) {
    found.forEach(function (c) {
      var start = c.span[0];
      if (c.span[1] - start !== 1 || c.phraseBonus) return;
      for (var j = Math.max(0, start - 3); j < start - 1; j++) {
        if (words.slice(j, start).join("") === words[start]) {
          var parts = words.slice(j, start);
          c.variants.splice(1, 0, variant(parts, 1.0));
          c.parts = parts;
          found.forEach(function (other) {
            if (j <= other.span[0] && other.span[1] <= start) other.phraseBonus = true;
          });
          break;
        }
      }
    });
  }

  /** plan.extends: a one-word Thai synonym holding the word typed (การสมรส for สมรส). */
  function extendsWord(words, literal) {
    return words.length === 1 && literal.length === 1 && T.isThai(literal[0]) &&
      words[0].indexOf(literal[0]) >= 0 && words[0] !== literal[0];
  }

  var MAX_TOGETHER = 4; // plan.MAX_TOGETHER

  /** QueryPlanner.typed_together: runs of Thai words typed as one that the lexicon knows
   * as one word (นอกสมรส cut as นอก สมรส), longest first, left to right. */
  function typedTogether(index, words, toks) {
    var spans = [];
    var i = 0;
    while (i < words.length) {
      var hit = false;
      for (var end = Math.min(words.length, i + MAX_TOGETHER); end > i + 1; end--) {
        var piece = words.slice(i, end);
        var together = true;
        for (var k = i; k < end - 1; k++) if (toks[k].end !== toks[k + 1].start) together = false;
        if (together && piece.every(function (w) { return T.isThai(w); }) &&
            index.translations.of([piece.join("")]).length) {
          spans.push([i, end]);
          i = end;
          hit = true;
          break;
        }
      }
      if (!hit) i += 1;
    }
    return spans;
  }

  /** QueryPlanner.concepts: toks are the analysed tokens of `text` (with offsets). */
  function concepts(index, toks, text, retyped) {
    var words = toks.map(function (t) { return t.text; });
    var r = index.ranking;
    function typed(start, end) { // what the officer typed there: the label `missing` names
      var span = [toks[start].start, toks[end - 1].end];
      return retyped ? retyped.text(span[0], span[1]) : text.slice(span[0], span[1]);
    }
    var found = [];
    var covered = new Set();
    index.synonyms.find(words).forEach(function (span) {
      var literal = words.slice(span[0], span[1]);
      var variants = [form(literal, 1.0)];
      index.synonyms.others(span[2], literal).forEach(function (w) {
        if (!extendsWord(w, literal)) variants.push(form(w, r.synonym_boost));
      });
      variants = variants.concat(translated(index, literal, r.translation_boost));
      var parts = literal.length === 1 ? partsOf(index, literal[0]) : null;
      if (parts) variants.push(variant(parts, r.parts_boost));
      var concept = { label: typed(span[0], span[1]), variants: variants, span: [span[0], span[1]], phraseBonus: false };
      if (parts) concept.parts = parts;
      found.push(concept);
      for (var i = span[0]; i < span[1]; i++) covered.add(i);
    });
    fragments(index, words, toks, covered).forEach(function (span) {
      var literal = words.slice(span[0], span[1]);
      var variants = [form(literal, 1.0)].concat(translated(index, [literal.join("")], r.translation_boost));
      found.push({ label: typed(span[0], span[1]), variants: variants, span: span, phraseBonus: false });
      for (var i = span[0]; i < span[1]; i++) covered.add(i);
    });
    words.forEach(function (word, i) {
      if (!covered.has(i) && !isFiller(index, word, typed(i, i + 1))) {
        found.push(wordConcept(index, word, typed(i, i + 1), i));
        found = found.concat(lifts(index, word, i));
      }
    });
    if (!found.length) { // nothing but filler: search for it after all
      found = words.map(function (w, i) { return wordConcept(index, w, typed(i, i + 1), i); });
    }
    var spans = index.translations.phrases(words).map(function (span) {
      return [span[0], span[1], words.slice(span[0], span[1]), false];
    });
    typedTogether(index, words, toks).forEach(function (span) {
      spans.push([span[0], span[1], [words.slice(span[0], span[1]).join("")], true]);
    });
    spans.forEach(function (s) {
      var span = [s[0], s[1]];
      var forms = translated(index, s[2], r.phrase_translation_boost);
      var taken = found.some(function (c) { return c.span[0] === span[0] && c.span[1] === span[1]; });
      if (forms.length && !taken) {
        var phrase = words.slice(span[0], span[1]);
        var one = s[3];
        var whole = one || shorthand(index, phrase);
        if (one) {
          found.forEach(function (c) { if (span[0] <= c.span[0] && c.span[1] <= span[1]) c.phraseBonus = true; });
        }
        // the phrase as typed, in a row, lifts pages in the query's language (plan.concepts)
        var literal = form(phrase, r.phrase_translation_boost);
        var variants = (literal.phrase ? [literal] : []).concat(forms);
        found.push({ label: typed(span[0], span[1]), variants: variants, span: span, phraseBonus: !whole });
      }
    });
    joinedParts(found, words);
    found.forEach(function (c) { c.variants = merged(c.variants); c.nearForms = functionForms(index, c.variants); });
    found.sort(function (x, y) { return x.span[0] - y.span[0] || x.span[1] - y.span[1]; }); // stable
    var unique = new Map();
    found.forEach(function (c) {
      var key = JSON.stringify([c.phraseBonus, c.variants.map(function (v) { return v.words; })]);
      if (!unique.has(key)) unique.set(key, c);
    });
    var kept = Array.from(unique.values());
    // plan.MISSION_WORDS: a word naming the mission lifts, while the query has a telling word besides
    var where = kept.filter(function (c) {
      return !c.phraseBonus && c.variants[0].words.every(function (w) { return index.mission.has(w); });
    });
    if (where.length < kept.filter(function (c) { return !c.phraseBonus; }).length) {
      where.forEach(function (c) { c.phraseBonus = true; });
    }
    return kept;
  }

  /** QueryPlanner.cut: the query's tokens, a Thai run holding a piece the index lacks cut
   * again as the index cut the pages (with the real words inside it). */
  async function cut(index, text) {
    var toks = T.queryTokenSpans(text, index.dict);
    var odd = toks.filter(function (t) { return T.isThai(t.text) && !knownThai(index, t.text); });
    if (!odd.length || !index.ranking.language_shards) return toks;
    var runs = T.runs(T.normaliseDigits(text)).filter(function (r) {
      return r.kind === "th" && odd.some(function (t) { return r.start <= t.start && t.end <= r.end; });
    });
    var texts = [];
    runs.forEach(function (r) {
      var bare = r.text.replace(/\./g, "");
      texts.push(bare, T.normaliseThai(bare)[0]); // the run as nlpo3 is handed it
    });
    var keys = [];
    texts.forEach(function (t) { keys = keys.concat(index.insideKeys(t)); });
    await index.fetchLanguage(keys);
    var words = [];
    texts.forEach(function (t) { words = words.concat(index.pageWords(t)); });
    var again = T.queryTokenSpans(text, new T.Dictionary(words));
    var out = [];
    T.runs(T.normaliseDigits(text)).forEach(function (r) {
      var recut = runs.some(function (x) { return x.start === r.start; });
      (recut ? again : toks).forEach(function (t) { if (r.start <= t.start && t.end <= r.end) out.push(t); });
    });
    return out;
  }

  /** QueryPlanner.fragments: runs of Thai pieces typed as one that no page writes, one of
   * them no word at all (เชง เก้ น): one unknown word, searched as its pieces in a row. */
  function fragments(index, words, toks, covered) {
    function odd(k) { return !covered.has(k) && T.isThai(words[k]) && !knownThai(index, words[k]); }
    var spans = [];
    var i = 0;
    while (i < words.length) {
      var j = i;
      while (j < words.length && odd(j) && (j === i || toks[j - 1].end === toks[j].start)) j++;
      if (j - i > 1 && words.slice(i, j).some(function (w) { return index.languageCount(w) === null; })) {
        spans.push([i, j]);
      }
      i = Math.max(j, i + 1);
    }
    return spans;
  }

  /** QueryPlanner.lifts: the words pages write inside a Thai word no page writes, each a
   * lift at parts_boost whose span, [i, i], covers no query word. */
  function lifts(index, word, i) {
    if (!T.isThai(word) || knownThai(index, word) || !index.ranking.language_shards) return [];
    var inside = new Set(index.pageWords(word));
    return T.compoundParts(word, inside, index.ranking.min_subword, index.ranking.max_word)
      .filter(function (w) { return index.dict.words.has(w); })
      .map(function (w) {
        return { label: w, variants: [variant([w], index.ranking.parts_boost)], span: [i, i], phraseBonus: true };
      });
  }

  async function plan(index, parsed) {
    var text = parsed.words.join(" ");
    var fixed = await correct(index, text);
    var corrected = fixed.text;
    var toks = await cut(index, corrected);
    var result = {
      suggestion: corrected !== text ? corrected : null,
      concepts: concepts(index, toks, corrected, fixed.typed),
      required: [],
      excluded: [],
    };
    result.fillers = fillers(toks, result.concepts);
    keepHeld(index, result.concepts, fixed.held);
    parsed.phrases.forEach(function (phrase) {
      var forms = quotedForms(index, phrase);
      if (forms.length) result.required.push(forms);
    });
    parsed.excluded.forEach(function (word) {
      result.excluded = result.excluded.concat(T.queryTokens(word, index.dict));
    });
    var onlyFiller = toks.every(function (t) { return isFiller(index, t.text, corrected.slice(t.start, t.end)); });
    result.marks = markedForms(index, result, onlyFiller);
    return result;
  }

  /** QueryPlanner.fillers: the query's Thai words no concept stands for (dropped as filler),
   * once each; a title holding one is the likelier answer (titleFactor). */
  function fillers(toks, found) {
    var spanned = new Set();
    found.forEach(function (c) { for (var i = c.span[0]; i < c.span[1]; i++) spanned.add(i); });
    var words = [];
    toks.forEach(function (t, i) {
      if (!spanned.has(i) && T.isThai(t.text) && words.indexOf(t.text) < 0) words.push(t.text);
    });
    return words.map(function (w) { return { label: w, variants: [variant([w], 1.0)], span: [0, 0], phraseBonus: false }; });
  }

  /** QueryPlanner.quoted_forms: a quoted phrase as typed and, with a space between two
   * Thai words, run together (Thai is written without spaces). */
  function quotedForms(index, phrase) {
    var forms = [];
    var texts = [phrase, phrase.replace(SPACE_IN_THAI, "")];
    if (texts[1] === texts[0]) texts.pop();
    texts.forEach(function (text) {
      var words = T.queryTokens(text, index.dict);
      if (!words.length) return;
      var f = form(words, 1.0);
      var key = JSON.stringify(f.words);
      if (forms.every(function (g) { return JSON.stringify(g.words) !== key; })) forms.push(f);
    });
    return forms;
  }
  var SPACE_IN_THAI = /(?<=[\u0e01-\u0e3a\u0e40-\u0e4e]) +(?=[\u0e01-\u0e3a\u0e40-\u0e4e])/g; // thai.SPACE_IN_THAI

  /** plan.marked_forms: JSON of a form's words -> [words, weight]; a stopword alone only
   * when quoted or when the query is nothing else. */
  function markedForms(index, p, onlyFiller) {
    var marks = new Map();
    function mark(v) {
      var key = JSON.stringify(v.words);
      marks.set(key, [v.words, Math.max(marks.has(key) ? marks.get(key)[1] : 0, v.boost)]);
    }
    p.concepts.forEach(function (c) {
      c.variants.forEach(function (v) {
        if (!(v.words.length === 1 && index.stopwords.has(v.words[0]) && !onlyFiller)) mark(v);
      });
    });
    p.required.forEach(function (forms) { forms.forEach(mark); });
    return marks;
  }

  // --- scoring: whoosh_backend.Searcher.search + engine.coverage ------------------------

  /** doc -> score of one form of a concept: a word in any field, or all of its words in
   * one field; a phrase only where its words follow one another (glossary phrases are
   * found at build time, others from the words' positions). */
  function variantScores(index, v) {
    var scores = new Map();
    var fields = index.ranking.fields.length;
    var phrase = v.phrase ? index.terms.get(v.words.join(" ")) : null;
    for (var f = 0; f < fields; f++) {
      var where = null; // documents holding the phrase in this field, when exported
      if (phrase) {
        var row = phrase.find(function (r) { return r[0] === f; });
        where = new Set(row ? row.slice(1) : []);
      }
      var perWord = v.words.map(function (w) {
        var row = (index.terms.get(w) || []).find(function (r) { return r[0] === f; });
        var m = new Map();
        if (row) for (var k = 1; k < row.length; k += 2) m.set(row[k], row[k + 1]);
        return m;
      });
      perWord[0].forEach(function (_, doc) {
        if (where && !where.has(doc)) return;
        if (v.phrase && !phrase && !index.adjacent(v.words, f, doc)) return;
        var total = 0;
        for (var i = 0; i < perWord.length; i++) {
          if (!perWord[i].has(doc)) return;
          total += perWord[i].get(doc);
        }
        scores.set(doc, (scores.get(doc) || 0) + total * v.boost);
      });
    }
    return scores;
  }

  function orScores(index, variants) {
    var total = new Map();
    variants.forEach(function (v) {
      variantScores(index, v).forEach(function (s, doc) { total.set(doc, (total.get(doc) || 0) + s); });
    });
    return total;
  }

  /** engine.form_dfs: each form's document frequency, its rarest word's. */
  function formDfs(index, variants) {
    return variants.map(function (v) {
      return Math.min.apply(null, v.words.map(function (w) { return index.df(w); }));
    });
  }

  /** engine.pulled: a concept typed in English, each Thai form's weight scaled so that its
   * score's idf moves translation_idf_pull of the way to its commonest English form's. */
  function pulled(index, variants) {
    if (T.isThai(variants[0].words[0])) return variants;
    var dfs = formDfs(index, variants);
    var english = dfs.filter(function (d, i) { return d && !T.isThai(variants[i].words[0]); });
    if (!english.length) return variants;
    var n = Math.max(1, index.core.doc_count);
    var idf = function (df) { return Math.log(n / (df + 1)) + 1; };
    var target = idf(Math.max.apply(null, english));
    var pull = index.ranking.translation_idf_pull;
    return variants.map(function (v, i) {
      if (!dfs[i] || !T.isThai(v.words[0])) return v;
      var own = idf(dfs[i]);
      return variant(v.words, v.boost * ((own + pull * (target - own)) / own), v.phrase, v.chained);
    });
  }

  function allowed(index, doc, filters) {
    var meta = index.core.docs[doc];
    if (filters.category && meta[3] !== filters.category) return false;
    if (filters.lang && meta[4] !== filters.lang) return false;
    if (filters.tag && meta[7].indexOf(filters.tag) < 0) return false;
    return true;
  }

  /** [{doc, score}] of every matching document, best first (ties: index order). */
  function matches(index, p, filters) {
    var optional = p.concepts.map(function (c) { return orScores(index, pulled(index, c.variants)); });
    var musts = p.required.map(function (forms) { return orScores(index, forms); });
    if (!optional.length && !musts.length) return [];
    var excluded = new Set();
    p.excluded.forEach(function (w) {
      (index.terms.get(w) || []).forEach(function (row) {
        for (var k = 1; k < row.length; k += 2) excluded.add(row[k]);
      });
    });
    var candidates = new Set();
    (optional.length ? optional : musts.slice(0, 1)).forEach(function (m) {
      m.forEach(function (_, doc) { candidates.add(doc); });
    });
    var hits = [];
    candidates.forEach(function (doc) {
      if (excluded.has(doc) || !allowed(index, doc, filters)) return;
      var score = 0;
      for (var i = 0; i < musts.length; i++) {
        if (!musts[i].has(doc)) return;
        score += musts[i].get(doc);
      }
      optional.forEach(function (m) { score += m.get(doc) || 0; });
      hits.push({ doc: doc, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits;
  }

  /** SearchEngine.concept_weights: the inverse document frequency of the concept's most
   * common form the index holds, in either language (a form's: its rarest word's). */
  function conceptWeights(index, concepts) {
    var n = Math.max(1, index.core.doc_count);
    return concepts.map(function (c) {
      var dfs = formDfs(index, c.variants).filter(Boolean);
      return Math.log(1 + n / (dfs.length ? Math.max.apply(null, dfs) : n));
    });
  }

  /** engine.title_factor: 1 + title_factor x the weighted share of the telling concepts
   * the title holds, in any form (what the page is about, whatever its language), head_share
   * of it counting the title's head only; the query's filler words the title holds add their
   * weight to what it holds, never to what the query asks. */
  function titleFactor(index, doc, concepts, phrases, weights, fillers, fillerWeights) {
    if (!concepts.length) return 1.0;
    var meta = index.core.docs[doc];
    var r = index.ranking;
    var total = 0;
    weights.forEach(function (w) { total += w; });
    if (!total) return 1.0;
    function share(text) {
      var held = heldConcepts(concepts, phrases, text, r);
      var got = 0;
      weights.forEach(function (w, i) { got += held[i] * w; });
      var extra = 0;
      fillers.forEach(function (c, i) { if (holds(c, text, r)) extra += fillerWeights[i]; });
      return (got + extra) / total;
    }
    // meta[9], meta[10]: the titles and their heads, folded when they were indexed (indexer/index/folding.py)
    return 1.0 + r.title_factor * ((1 - r.head_share) * share(meta[9]) + r.head_share * share(meta[10]));
  }

  function hasLatin(words) {
    return words.some(function (w) { return /[a-z]/.test(w); });
  }

  /** engine.holds: the text holds some form of the concept: a one-word form anywhere; a
   * compound's parts (Concept.parts) or a form with English words only together; other
   * Thai forms of several words wherever their words are. */
  function holds(concept, text, ranking) {
    return concept.variants.some(function (v) { return formHeld(concept, v, text, ranking); });
  }

  /** engine.form_held: the text holds this one form of the concept (see holds). */
  function formHeld(concept, v, text, ranking) {
    if ((concept.nearForms || []).some(function (words) { return sameWords(words, v.words); })) {
      return near(v.words, ranking.function_form_gap).test(text);
    }
    var parts = concept.parts;
    var isParts = parts && sameWords(parts, v.words);
    if (isParts || hasLatin(v.words)) {
      return together(v.words, text, ranking.phrase_slack);
    }
    return v.words.every(function (w) { return text.indexOf(w) >= 0; });
  }

  function sameWords(a, b) {
    return a.length === b.length && a.every(function (w, i) { return w === b[i]; });
  }

  function escaped(words) {
    return words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  }

  /** engine.near: Thai words in order, each within `gap` letters of the one before (on one line). */
  function near(words, gap) {
    return new RegExp(escaped(words).join("[^\n]{0," + gap + "}"));
  }

  /** engine.together: Thai words side by side, in order; a form with English words: its
   * words near one another in folding.fold's copy of the text's words. */
  function together(words, text, slack) {
    if (!hasLatin(words)) {
      return new RegExp(escaped(words).join("\\s*")).test(text);
    }
    var at = text.lastIndexOf("\u0000");
    if (at < 0) return false;
    var copy = text.slice(at + 1).split(" ");
    var wanted = words.filter(function (_, i) { return !joined(words, i); });
    var places = wanted.map(function (w) {
      var found = [];
      copy.forEach(function (t, i) { if (t === w) found.push(i); });
      return found;
    });
    if (places.some(function (p) { return !p.length; })) return false;
    var reach = wanted.length - 1 + slack;
    var anchor = places.reduce(function (a, b) { return b.length < a.length ? b : a; });
    return anchor.some(function (a) {
      return places.every(function (found) { return found.some(function (i) { return Math.abs(i - a) <= reach; }); });
    });
  }

  /** engine.joined: words[i] is the words just before it run together (e, passport, epassport). */
  function joined(words, i) {
    for (var j = Math.max(0, i - 3); j < i - 1; j++) if (words.slice(j, i).join("") === words[i]) return true;
    return false;
  }

  /** engine.coverage: the share of the query's telling words this text holds; a word
   * the lexicon cannot carry into the page's language is not held against it. */
  function coverage(index, text, lang, concepts, phrases, weights) {
    if (concepts.length < 2) return 1.0;
    var held = heldConcepts(concepts, phrases, text, index.ranking);
    var counted = concepts.map(function (c) { return expressible(c, phrases, lang); });
    if (!counted.some(Boolean)) counted = concepts.map(function () { return true; });
    var got = 0;
    var sum = 0;
    concepts.forEach(function (c, i) {
      if (!counted[i]) return;
      sum += weights[i];
      got += held[i] * weights[i];
    });
    var share = sum ? got / sum : 1.0;
    var floor = index.ranking.coverage_floor;
    return Math.pow(floor + (1 - floor) * share, index.ranking.coverage_power);
  }

  /** engine.expressible: whether a Thai page could hold the concept (some form of it, or
   * of a phrase translation spanning it, is Thai); always, for a page in another language. */
  function expressible(concept, phrases, lang) {
    if (lang !== "th") return true;
    var spanning = phrases.filter(function (p) {
      return p.span[0] <= concept.span[0] && concept.span[1] <= p.span[1];
    });
    return [concept].concat(spanning).some(function (c) {
      return c.variants.some(function (v) { return T.isThai(v.words[0]); });
    });
  }

  /** engine.query_language: "th" when some word is in Thai script, "en" when all are Latin. */
  function queryLanguage(words) {
    var thai = words
      .filter(function (w) { return Array.from(w).some(function (ch) { return /\p{L}/u.test(ch); }); })
      .map(function (w) { return Array.from(w).some(function (ch) { return T.isThai(ch); }); });
    if (!thai.length) return "";
    return thai.some(Boolean) ? "th" : "en";
  }

  function languageFactor(index, doc, lang) {
    return lang && index.core.docs[doc][4] !== lang ? index.ranking.other_language_factor : 1.0;
  }

  /** engine.held_concepts: how fully the text holds each telling concept (hold), itself or
   * through a phrase translation that spans it. */
  function heldConcepts(concepts, phrases, text, ranking) {
    var spans = [];
    phrases.forEach(function (p) {
      var part = hold(p, text, ranking);
      if (part) spans.push([p.span, part]);
    });
    return concepts.map(function (c) {
      var most = hold(c, text, ranking);
      spans.forEach(function (s) {
        if (s[0][0] <= c.span[0] && c.span[1] <= s[0][1]) most = Math.max(most, s[1]);
      });
      return most;
    });
  }

  /** engine.hold: 1 for a form of the concept, chained_factor for a chained one only, else 0. */
  function hold(concept, text, ranking) {
    function held(chained) {
      return function (v) { return !!v.chained === chained && formHeld(concept, v, text, ranking); };
    }
    if (concept.variants.some(held(false))) return 1.0;
    return concept.variants.some(held(true)) ? ranking.chained_factor : 0.0; // own forms not asked twice
  }

  // --- search/snippets.py -----------------------------------------------------------------

  // What may stand between two words of a form that stand together (snippets.BETWEEN_WORDS).
  var BETWEEN_WORDS = /[ \t\n\r\f\v\u00a0\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\u00ad\ufeff]*/y;

  /** snippets.section_keys: each form as written, Thai words run together. */
  function sectionKeys(marks) {
    var keys = new Map();
    marks.forEach(function (form) {
      var words = form[0];
      var key = words.join(words.every(T.isThai) ? "" : " ");
      keys.set(key, Math.max(keys.get(key) || 0, form[1]));
    });
    return keys;
  }

  function sectionScore(section, keys) {
    var heading = section[0].toLowerCase();
    var text = section[2].toLowerCase();
    var score = 0;
    keys.forEach(function (w, key) {
      score += w * (2.0 * (heading.indexOf(key) >= 0) + (text.indexOf(key) >= 0));
    });
    return score;
  }

  /** snippets.ranked_sections: section numbers, the most query weight first (ties: page order). */
  function rankedSections(sections, marks) {
    var keys = sectionKeys(marks);
    var scores = sections.map(function (s) { return sectionScore(s, keys); });
    return sections.map(function (_, i) { return i; }).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  /** snippets.spans_in over the exported tokens [start, end, term or 0, ...]. */
  function matchSpans(text, tokens, marks) {
    var toks = [];
    var starting = new Map();
    var starts = new Set();
    var ends = new Set();
    var cover = -1;
    for (var k = 0; k < tokens.length; k += 3) {
      var t = { start: tokens[k], end: tokens[k + 1], text: tokens[k + 2] || text.slice(tokens[k], tokens[k + 1]) };
      toks.push(t);
      if (!starting.has(t.start)) starting.set(t.start, []);
      starting.get(t.start).push(t);
      if (t.start >= cover) { // a page word, not a word inside the one before it
        starts.add(t.start);
        ends.add(t.end);
        cover = t.end;
      }
    }
    var forms = new Map();
    marks.forEach(function (form) {
      var first = form[0][0];
      if (!forms.has(first)) forms.set(first, []);
      forms.get(first).push([form[0].slice(1), form[1]]);
    });
    var spans = [];
    toks.forEach(function (t) {
      (forms.get(t.text) || []).forEach(function (form) {
        var rest = form[0];
        var end = rest.length ? followedBy(text, t.end, rest, starting) : t.end;
        if (end !== null && (!rest.length || (starts.has(t.start) && ends.has(end)))) spans.push([t.start, end, form[1]]);
      });
    });
    spans.sort(compare);
    var out = [];
    spans.forEach(function (s) {
      var last = out[out.length - 1];
      if (last && s[0] < last[1]) out[out.length - 1] = [last[0], Math.max(last[1], s[1]), Math.max(last[2], s[2])];
      else out.push(s);
    });
    return out;
  }

  /** snippets.followed_by: where `words` end if they follow one another from `at`, or null. */
  function followedBy(text, at, words, starting) {
    for (var i = 0; i < words.length; i++) {
      BETWEEN_WORDS.lastIndex = at;
      at += BETWEEN_WORDS.exec(text)[0].length;
      var next = (starting.get(at) || []).find(function (t) { return t.text === words[i]; });
      if (!next) return null;
      at = next.end;
    }
    return at;
  }

  function snap(text, i, backwards) {
    var step = backwards ? -1 : 1;
    for (var offset = 0; offset < 25; offset++) {
      var j = i + step * offset;
      if (j <= 0 || j >= text.length) return Math.max(0, Math.min(text.length, j));
      if (/\s/.test(text[j])) return backwards ? j + 1 : j;
    }
    return i;
  }

  function snippetWindow(index, text, spans) {
    var size = index.ranking.snippet_chars;
    var lead = index.ranking.lead_chars;
    if (text.length <= size) return [0, text.length];
    var best = 0;
    var bestScore = -1.0;
    (spans.length ? spans : [[lead, 0, 0.0]]).forEach(function (s) {
      var left = Math.max(0, s[0] - lead);
      var total = 0;
      spans.forEach(function (t) { if (t[0] >= left && t[1] <= left + size) total += t[2]; });
      if (total > bestScore) {
        best = left;
        bestScore = total;
      }
    });
    var left = snap(text, best, true);
    return [left, snap(text, Math.min(text.length, left + size), false)];
  }

  function escape(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function snippet(index, text, tokens, marks) {
    var spans = matchSpans(text, tokens, marks);
    var w = snippetWindow(index, text, spans);
    var out = [];
    var at = w[0];
    spans.forEach(function (s) {
      if (s[0] < w[0] || s[1] > w[1]) return;
      out.push(escape(text.slice(at, s[0])), "<mark>" + escape(text.slice(s[0], s[1])) + "</mark>");
      at = s[1];
    });
    out.push(escape(text.slice(at, w[1])));
    var body = out.join("").replace(/\s+/g, " ").trim();
    return (w[0] > 0 ? "\u2026" : "") + body + (w[1] < text.length ? "\u2026" : "");
  }

  function result(index, number, doc, score, marks) {
    var meta = index.core.docs[number];
    var sections = doc.sections;
    var order = rankedSections(sections, marks);
    var keys = sectionKeys(marks);
    var section = sections.length ? sections[order[0]] : ["", "", "", []];
    var text = section[2] || doc.summary[0];
    var tokens = section[2] ? section[3] : doc.summary[1];
    var matching = order
      .slice(0, index.ranking.sections_per_result)
      .filter(function (i) { return sections[i][1] && sectionScore(sections[i], keys) > 0; })
      .map(function (i) {
        var s = sections[i];
        return { heading: s[0], anchor: s[1], snippet: snippet(index, s[2], s[3], marks) };
      });
    return {
      id: meta[0],
      title: meta[1],
      title_en: meta[2],
      category: meta[3],
      lang: meta[4],
      url: meta[5],
      path: meta[6],
      score: Math.round(score * 1000) / 1000,
      snippet: snippet(index, text, tokens, marks),
      section: section[1] ? section[0] : "",
      anchor: section[1],
      sections: matching,
      ref: meta[8] || "",
      section_ref: sectionRef(meta[8], sections, section[1]),
    };
  }

  // --- search/refs.py: "PP 3", "pp3", "PP 3 §2", "PP3 s2" open what they cite ---------------

  var SPACE = "[ \\t\\u00a0\\u3000]*";
  var CITATION = new RegExp(
    "^" + SPACE + "([A-Za-z]{1,8})" + SPACE + "\\.?" + SPACE + "([0-9]{1,4}(?:\\.[0-9]{1,4}){0,3})" +
    "(?:" + SPACE + "(?:\u00a7|[Ss]ection|[Ss]ec\\.?|[Ss]\\.?|\u0e02\u0e49\u0e2d)" + SPACE +
    "([0-9]{1,3}(?:\\.[0-9]{1,3})?))?" + SPACE + "$"
  );
  var MAX_CITATION = 40;

  function plainNumber(text) {
    return text.split(".").map(function (part) { return String(parseInt(part, 10)); }).join(".");
  }

  /** refs.parse_citation: the reference a query spells, in the manual's spelling, or null. */
  function parseCitation(text) {
    if (text.length > MAX_CITATION) return null;
    var m = CITATION.exec(text);
    if (!m) return null;
    return { ref: m[1].toUpperCase() + " " + plainNumber(m[2]), section: m[3] ? plainNumber(m[3]) : "" };
  }

  function citationText(ref, number) {
    return number ? ref + " \u00a7" + number : ref;
  }

  /** refs.section_ref: "PP 3 §2" for the section at `anchor`, the ref alone without a number. */
  function sectionRef(ref, sections, anchor) {
    if (!ref) return "";
    var found = anchor ? sections.find(function (s) { return s[1] === anchor; }) : null;
    return citationText(ref, found ? found[4] || "" : "");
  }

  /** RefIndex.cite: {citation, doc number} when the query is a ref the export holds. */
  function cite(index, raw) {
    if (!index.refDocs) {
      index.refDocs = new Map();
      index.core.docs.forEach(function (meta, n) {
        if (meta[8] && !index.refDocs.has(meta[8])) index.refDocs.set(meta[8], n);
      });
    }
    if (!index.refDocs.size) return null;
    var c = parseCitation(raw);
    if (c && !index.refDocs.has(c.ref) && !c.section) {
      var dot = c.ref.lastIndexOf(".");
      if (dot >= 0) c = { ref: c.ref.slice(0, dot), section: c.ref.slice(dot + 1) };
    }
    if (!c || !index.refDocs.has(c.ref)) return null;
    return { citation: c, doc: index.refDocs.get(c.ref) };
  }

  function admitted(meta, filters) {
    var values = { category: [meta[3]], lang: [meta[4]], tag: meta[7] };
    return Object.keys(filters).every(function (name) { return (values[name] || []).indexOf(filters[name]) >= 0; });
  }

  /** refs.opened_at: the result points at the cited section, or the procedure's top. */
  function openedAt(index, res, body, ref, citation) {
    var none = new Map();
    var section = citation.section
      ? body.sections.find(function (s) { return s[4] === citation.section; })
      : null;
    if (!section) {
      var lead = body.summary[0] || (body.sections.find(function (s) { return s[2]; }) || ["", "", ""])[2];
      res.section = "";
      res.anchor = "";
      res.section_ref = ref;
      res.sections = [];
      res.snippet = snippet(index, lead, [], none);
      return;
    }
    res.section = section[0];
    res.anchor = section[1];
    res.snippet = snippet(index, section[2], section[3], none);
    res.section_ref = citationText(ref, section[4]);
    res.sections = [{ heading: section[0], anchor: section[1], snippet: res.snippet }];
  }

  /** refs.put_first: the cited procedure heads the results, once; the query is answered. */
  function putFirst(response, first, limit) {
    var others = response.results.filter(function (r) { return r.id !== first.id; });
    if (others.length === response.results.length) response.total += 1;
    first.score = Math.max.apply(null, [first.score].concat(others.map(function (r) { return r.score; })));
    response.results = [first].concat(others).slice(0, limit);
    response.match = "all";
    response.missing = [];
    response.suggestion = null;
  }

  // --- engine.SearchEngine.search -----------------------------------------------------------

  /** SearchEngine.filters: the filters asked for, each checked against the values the
   * index holds; an unknown one is refused (Python's UnknownFilterValue). */
  function checkedFilters(index, options) {
    var columns = { category: 3, lang: 4, tag: 7 };
    var filters = {};
    Object.keys(columns).forEach(function (name) {
      var value = options[name];
      if (!value) return;
      if (name === "tag") value = value.toLowerCase();
      var known = new Set();
      index.core.docs.forEach(function (meta) { [].concat(meta[columns[name]]).forEach(function (v) { known.add(v); }); });
      if (!known.has(value)) {
        var error = new Error("no procedure has " + name + " '" + value + "'; known: " +
          Array.from(known).sort().slice(0, 8).join(", "));
        error.name = "UnknownFilterValue";
        throw error;
      }
      filters[name] = value;
    });
    return filters;
  }

  /** engine.by_rank: ranked candidates, score x coverage x language x title factor the best
   * first, equal scores in the order of the procedures' ids (`id`). */
  function byRank(a, b) {
    return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  var LOAD_AT_ONCE = 6; // files a browser loads at the same time from one host (HTTP/1.1)

  /** The `limit` best candidates by score x coverage x language x title factor, exactly as ranking
   * all of them, loading their documents (coverage reads the text) only as far as needed:
   * coverage is at most its value for a text holding every concept, so once a candidate's
   * score at that coverage is below the limit-th best found, it and every one after it
   * in that order fall behind the shown ones. */
  async function bestCovered(index, hits, limit, lang, about, cover, lift) {
    var floor = index.ranking.coverage_floor;
    var most = Math.pow(floor + (1 - floor) * 1.0, index.ranking.coverage_power);
    var order = hits.map(function (h, i) {
      var lf = languageFactor(index, h.doc, lang);
      var tf = about(h.doc);
      var up = lift(h.doc);
      return { i: i, doc: h.doc, score: h.score, lf: lf, tf: tf, up: up, bound: h.score * most * lf * tf * up };
    });
    order.sort(function (a, b) { return b.bound - a.bound || a.i - b.i; });
    var found = [];
    var next = 0;
    while (next < order.length) {
      if (found.length >= limit && order[next].bound < found[limit - 1].score) break;
      var batch = order.slice(next, next + (found.length ? LOAD_AT_ONCE : limit));
      next += batch.length;
      var bodies = await index.fetchDocs(batch.map(function (c) { return c.doc; }));
      batch.forEach(function (c, k) {
        var covered = cover(c.doc, bodies[k].text);
        var score = c.score * covered * c.lf * c.tf * c.up; // in Python's order
        found.push({ i: c.i, id: index.core.docs[c.doc][0], doc: c.doc, body: bodies[k], score: score,
                     quality: covered * c.tf });
      });
      found.sort(byRank);
    }
    return found.slice(0, limit);
  }

  /** engine.other_language_lift: what the scores of the pages in another language than the
   * query's are multiplied by, from the best page of each language (bestCovered of each). */
  async function otherLanguageLift(index, hits, lang, about, cover) {
    if (!lang) return 1.0;
    var inLang = function (own) {
      return hits.filter(function (h) { return (index.core.docs[h.doc][4] === lang) === own; });
    };
    var own = inLang(true), other = inLang(false);
    if (!own.length || !other.length) return 1.0;
    var one = function () { return 1.0; };
    var bestOwn = (await bestCovered(index, own, 1, lang, about, cover, one))[0];
    var bestOther = (await bestCovered(index, other, 1, lang, about, cover, one))[0];
    if (bestOther.score <= 0) return 1.0;
    var r = index.ranking;
    var there = bestOwn.score * (bestOther.quality / bestOwn.quality) * r.other_language_factor;
    return Math.pow(there / bestOther.score, r.language_merge_share);
  }

  async function search(index, raw, options) {
    await index.ready;
    options = options || {};
    var filters = checkedFilters(index, options);
    var parsed = T.parseQuery(raw);
    var response = { query: parsed.text, total: 0, suggestion: null, match: "none", missing: [], results: [] };
    if (!parsed.words.length && !parsed.phrases.length) return response;
    var p = await plan(index, parsed);
    response.suggestion = p.suggestion;
    var r = index.ranking;
    var limit = Math.max(1, Math.min(options.limit || 10, r.max_limit));
    var terms = new Set(p.excluded);
    p.concepts.concat(p.fillers).forEach(function (c) { conceptWords(c).forEach(function (w) { terms.add(w); }); });
    var quotedVariants = [].concat.apply([], p.required); // every form of every quoted phrase
    quotedVariants.forEach(function (v) { v.words.forEach(function (w) { terms.add(w); }); });
    p.concepts.concat([{ variants: quotedVariants }]).forEach(function (c) {
      c.variants.forEach(function (v) { if (v.phrase) terms.add(v.words.join(" ")); });
    });
    // A phrase has postings of its own only when it is a multi-word glossary form; any other
    // is matched on its words' positions, so those load beside the postings, not after them.
    var unlisted = [];
    p.concepts.concat([{ variants: quotedVariants }]).forEach(function (c) {
      c.variants.forEach(function (v) {
        if (v.phrase && !index.synonyms.phrases.has(v.words.join("\u0000"))) unlisted = unlisted.concat(v.words);
      });
    });
    var early = unlisted.length ? index.fetchPositions(unlisted) : Promise.resolve();
    early.catch(function () {}); // a failed load is retried below, where the result needs it
    await index.fetchTerms(Array.from(terms));
    await early.catch(function () {});
    var quoted = [];
    p.concepts.concat([{ variants: quotedVariants }]).forEach(function (c) {
      c.variants.forEach(function (v) {
        if (v.phrase && !index.terms.get(v.words.join(" "))) quoted = quoted.concat(v.words);
      });
    });
    if (quoted.length) await index.fetchPositions(quoted);
    var hits = matches(index, p, filters);
    response.total = hits.length;
    hits = hits.slice(0, Math.max(limit * r.candidates_factor, r.candidates_floor));
    var telling = p.concepts.filter(function (c) { return !c.phraseBonus; });
    var phrases = p.concepts.filter(function (c) { return c.phraseBonus; });
    var weights = conceptWeights(index, telling);
    var lang = queryLanguage(parsed.words);
    var fillerWeights = conceptWeights(index, p.fillers);
    var about = function (doc) { return titleFactor(index, doc, telling, phrases, weights, p.fillers, fillerWeights); };
    // Each document is a file of its own, and a browser loads only a few at a time from one
    // host: load no more of them than the ranking needs.
    var cover = function (doc, text) {
      return telling.length >= 2 ? coverage(index, text, index.core.docs[doc][4], telling, phrases, weights) : 1.0;
    };
    var up = await otherLanguageLift(index, hits, lang, about, cover);
    var lift = function (doc) { return index.core.docs[doc][4] !== lang ? up : 1.0; };
    var ranked;
    if (telling.length >= 2) {
      ranked = await bestCovered(index, hits, limit, lang, about, cover, lift);
    } else {
      // the coverage factor is 1.0 for every candidate: only the shown ones' texts are needed
      ranked = hits.map(function (h, i) {
        var score = h.score * 1.0 * languageFactor(index, h.doc, lang) * about(h.doc) * lift(h.doc);
        return { i: i, id: index.core.docs[h.doc][0], doc: h.doc, score: score };
      });
      ranked.sort(byRank);
      ranked = ranked.slice(0, limit);
      var shown = await index.fetchDocs(ranked.map(function (h) { return h.doc; }));
      ranked.forEach(function (h, i) { h.body = shown[i]; });
    }
    if (ranked.length) {
      var held = heldConcepts(telling, phrases, ranked[0].body.text, r);
      response.missing = telling.filter(function (_, i) { return held[i] < 1; }).map(function (c) { return c.label; });
      response.match = response.missing.length ? "partial" : "all";
    }
    response.results = ranked.map(function (h) {
      return result(index, h.doc, h.body, h.score, p.marks);
    });
    var cited = cite(index, raw);
    if (cited && admitted(index.core.docs[cited.doc], filters)) {
      var body = (await index.fetchDocs([cited.doc]))[0];
      var first = result(index, cited.doc, body, 0, new Map());
      openedAt(index, first, body, index.core.docs[cited.doc][8], cited.citation);
      putFirst(response, first, limit);
    }
    return response;
  }

  ECM.engine = { Index: Index, search: search, termShard: termShard, typoCost: typoCost, Candidates: Candidates };
})(typeof window !== "undefined" ? (window.ECM = window.ECM || {}) : module.exports);
