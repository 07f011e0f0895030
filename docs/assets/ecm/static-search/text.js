/*
 * The query side of the analyzer, in the browser: the same rules as the Python engine.
 *
 *   parseQuery     search/query.py       cleaning, "phrases", -excluded words
 *   runs, digits   indexer/text/thai.py  Thai and Latin runs, Thai digits, abbreviation dots
 *   segment        nlpo3 1.4 (newmm)     dictionary maximal matching within Thai clusters
 *   queryTokens    indexer/text/analysis.py, mode="query": tokenizer, Latin parts,
 *                  lowercase, Porter stems (whoosh.lang.porter)
 *   bestSplit      analysis.best_split   a compound's fewest-word split
 *
 * Each function follows its Python original line by line, so a difference between the two
 * is a bug; tests/static_search compares them on every query of the relevance suites.
 */
(function (ECM) {
  "use strict";

  // --- search/query.py --------------------------------------------------------------
  var MAX_QUERY_CHARS = 300;
  var OPERATORS = { AND: 1, OR: 1, NOT: 1, "&&": 1, "||": 1, "+": 1, "-": 1, "*": 1, "?": 1 };
  var CONTROL = /\p{C}/gu;
  var INSIDE_WORD = /[\u00ad\u200c\u200d\u2060\ufeff]/g; // thai.JOINERS

  function clean(text) {
    text = Array.from(text).slice(0, MAX_QUERY_CHARS * 4).join("").normalize("NFC");
    text = text.replace(/[\uff01-\uff5e]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    });
    text = normaliseThai(text)[0].replace(INSIDE_WORD, "");
    var kept = text.replace(CONTROL, " ");
    return cutAtWord(Array.from(splitJoin(kept)), MAX_QUERY_CHARS);
  }

  // search/query.py cut_at_word: at a space where the text had to be cut (chars: code points)
  function cutAtWord(chars, limit) {
    if (chars.length <= limit) return chars.join("");
    var space = chars.slice(0, limit + 1).lastIndexOf(" ");
    return chars.slice(0, space > 0 ? space : limit).join("");
  }

  function splitJoin(text) {
    return text.split(/\s+/u).filter(Boolean).join(" ");
  }

  function stripChars(word, chars) {
    var a = 0;
    var b = word.length;
    while (a < b && chars.indexOf(word[a]) >= 0) a++;
    while (b > a && chars.indexOf(word[b - 1]) >= 0) b--;
    return word.slice(a, b);
  }

  function parseQuery(raw) {
    var text = clean(raw);
    if ((text.match(/"/g) || []).length % 2) text = text.replace(/"/g, " ");
    var parsed = { text: splitJoin(text), words: [], phrases: [], excluded: [] };
    var piece = /(-?)"([^"]*)"|(\S+)/gu;
    var excluded = []; // [what is excluded, the -word as typed or null for a -"phrase"]
    var match;
    while ((match = piece.exec(text)) !== null) {
      var negated = match[1];
      var phrase = match[2];
      var word = match[3];
      if (phrase !== undefined) {
        if (phrase.trim() && negated) excluded.push([phrase.trim(), null]);
        else if (phrase.trim()) parsed.phrases.push(phrase.trim());
        continue;
      }
      word = stripChars(word, "*?");
      if (!word || OPERATORS[word]) continue;
      if (word[0] === "-" && word.length > 1) excluded.push([word.slice(1), word]);
      else parsed.words.push(word.replace(/^-+/, "") || word);
    }
    if (!parsed.words.length && !parsed.phrases.length) {
      // a -word with nothing else to find was not meant as an exclusion
      excluded.forEach(function (e) {
        if (e[1]) parsed.words.push(e[1].replace(/^-+/, "") || e[1]);
      });
      excluded = excluded.filter(function (e) { return !e[1]; });
    }
    parsed.excluded = excluded.map(function (e) { return e[0]; });
    return parsed;
  }

  // --- indexer/text/thai.py ---------------------------------------------------------
  var TH = "\u0e01-\u0e3a\u0e40-\u0e4e";
  var INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff";
  var JOINERS = "\u200c\u200d\u2060\u00ad\ufeff"; // all but the zero-width space
  // thai.OTHER_LETTER: a letter or digit of a script other than Latin and Thai.
  var OTHER_LETTER = "(?:(?![A-Za-z0-9\\u00c0-\\u024f\\u0e00-\\u0e7f])[\\p{L}\\p{N}])";
  var RUNS_SOURCE =
    "(?<th>[" + TH + "](?:[" + TH + "]|[." + INVISIBLE + "]+(?=[" + TH + "]))*\\.?)" +
    "|(?<num>\\p{Nd}{1,3}(?:,\\p{Nd}{3})+(?![\\p{Nd},]))" +
    "|(?<lat>[A-Za-z0-9\\u00c0-\\u024f]+(?:(?:[-'\u2019.][" + JOINERS + "]*|[" + JOINERS + "]+)[A-Za-z0-9\\u00c0-\\u024f]+)*)" +
    "|(?<oth>" + OTHER_LETTER + "(?:" + OTHER_LETTER + "|[" + JOINERS + "]|[^\\p{L}\\p{N}_\\s\\x00-\\u02ff\\u0e00-\\u0e7f])*)";
  // thai.other_words: a word of another script, its letters and digits and the marks after them.
  var OTHER_WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
  var LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44";
  var NON_INITIAL = (function () {
    var codes = [0x0e30, 0x0e31, 0x0e32, 0x0e33, 0x0e45, 0x0e46];
    for (var c = 0x0e34; c < 0x0e3b; c++) codes.push(c);
    for (c = 0x0e47; c < 0x0e4f; c++) codes.push(c);
    return String.fromCharCode.apply(null, codes);
  })();

  var THAI_LETTER = new RegExp("[" + TH + "]");
  var TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b";
  var MARK_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39";
  var ABOVE_MARKS = TONE_MARKS + "\u0e4c";
  var FOLLOW_VOWELS = "\u0e30\u0e32\u0e33";
  var NO_REPEAT = MARK_VOWELS + TONE_MARKS + "\u0e47\u0e4c\u0e4d\u0e4e\u0e3a";

  function has(chars, ch) {
    return ch !== undefined && chars.indexOf(ch) >= 0;
  }

  /** thai.normalise_thai: [text, spans], each span [start, end) into `text`. */
  function normaliseThai(text) {
    // thai.normalise_thai: passes repeat until nothing changes, at most MAX_PASSES
    var result = normalisePass(text);
    for (var pass = 1; pass < MAX_PASSES; pass++) {
      var again = normalisePass(result[0]);
      if (again[0] === result[0]) break;
      var outer = result[1];
      result = [again[0], again[1].map(function (s) { return [outer[s[0]][0], outer[s[1] - 1][1]]; })];
    }
    return result;
  }

  var MAX_PASSES = 4;

  function normalisePass(text) {
    var out = [];
    var spans = [];
    var n = 0;
    var span;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var last = out[n - 1];
      if (ch === "\u0e45" && !has("\u0e24\u0e26", last)) ch = "\u0e32"; // lakkhangyao
      if (has(INVISIBLE, ch)) {
        if (n && THAI_LETTER.test(last) && nextVisibleIsThai(text, i)) continue;
      } else if (has(NO_REPEAT, ch) && n && last === ch) {
        spans[n - 1] = [spans[n - 1][0], i + 1];
        continue;
      } else if (ch === "\u0e40" && n && last === "\u0e40") {
        out[n - 1] = "\u0e41";
        spans[n - 1] = [spans[n - 1][0], i + 1];
        continue;
      } else if (has(TONE_MARKS, ch) && n && has(TONE_MARKS, last)) {
        out[n - 1] = ch;
        spans[n - 1] = [spans[n - 1][0], i + 1];
        continue;
      } else if (ch === "\u0e32" && n && last === "\u0e4d") {
        out[n - 1] = "\u0e33";
        spans[n - 1] = [spans[n - 1][0], i + 1];
        continue;
      } else if (ch === "\u0e32" && n > 1 && out[n - 2] === "\u0e4d" && has(TONE_MARKS, last)) {
        span = [spans[n - 2][0], i + 1];
        out[n - 2] = last;
        out[n - 1] = "\u0e33";
        spans[n - 2] = span;
        spans[n - 1] = span;
        continue;
      } else if (has(MARK_VOWELS, ch) && n && has(ABOVE_MARKS, last)) {
        span = [spans[n - 1][0], i + 1];
        if (n > 1 && out[n - 2] === ch) {
          spans[n - 2] = [spans[n - 2][0], i + 1];
          spans[n - 1] = span;
        } else {
          n = putBeforeLast(out, spans, ch, i);
        }
        continue;
      } else if (has(TONE_MARKS, ch) && n && has(FOLLOW_VOWELS, last)) {
        if (n > 1 && has(TONE_MARKS, out[n - 2])) {
          span = [spans[n - 2][0], i + 1];
          out[n - 2] = ch;
          spans[n - 2] = span;
          spans[n - 1] = span;
        } else {
          n = putBeforeLast(out, spans, ch, i);
        }
        continue;
      }
      out.push(ch);
      spans.push([i, i + 1]);
      n++;
    }
    return [out.join(""), spans];
  }

  /** thai._put_before_last: text[i] goes before the last character kept; both stand for
   * the characters from the last one's to i. Returns the new length. */
  function putBeforeLast(out, spans, ch, i) {
    var n = out.length;
    var span = [spans[n - 1][0], i + 1];
    out.splice(n - 1, 0, ch);
    spans.splice(n - 1, 1, span, span);
    return n + 1;
  }

  function nextVisibleIsThai(text, i) {
    for (var j = i + 1; j < text.length; j++) {
      if (!has(INVISIBLE, text[j])) return THAI_LETTER.test(text[j]);
    }
    return false;
  }

  /** [{kind: "th"|"num"|"lat"|"oth", text, start, end}] of the text's runs. */
  function runs(text) {
    var re = new RegExp(RUNS_SOURCE, "gu");
    var out = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      var kind = m.groups.th !== undefined ? "th" : m.groups.num !== undefined ? "num" : m.groups.lat !== undefined ? "lat" : "oth";
      out.push({ kind: kind, text: m[0], start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  function normaliseDigits(text) {
    return text.replace(/[\u0e50-\u0e59]/g, function (d) {
      return String(d.charCodeAt(0) - 0x0e50);
    });
  }

  function isThai(text) {
    return !!text && text[0] >= "\u0e01" && text[0] <= "\u0e4e";
  }

  function canBreak(word, i) {
    if (i <= 0 || i >= word.length) return true;
    return NON_INITIAL.indexOf(word[i]) < 0 && LEADING_VOWELS.indexOf(word[i - 1]) < 0;
  }

  // --- nlpo3: Thai character clusters (src/tokenizer/tcc/tcc_rules.rs) ----------------
  function tccSymbols(pattern) {
    return pattern
      .split("k").join("(cc?[d\u0e34]?[\u0e4c])?")
      .split("c").join("[\u0e01-\u0e2e]")
      .split("t").join("[\u0e48-\u0e4b]?")
      .split("d").join("\u0e39\u0e38");
  }
  var TCC_RULES = [
    "^เc็ck", "^เcctาะk", "^เccีtยะk", "^เcc็ck", "^เcิc์ck", "^เcิtck", "^เcีtยะ?k",
    "^เcืtอะ?k", "^เctา?ะ?k", "^cัtวะk", "^c[ัื]tc[ุิะ]?k", "^c[ิุู]์k", "^c[ะ-ู]tk",
    "^cรรc์ ็", "^c็", "^ct[ะาำ]?k", "^ck", "^แc็c", "^แcc์", "^แctะ", "^แcc็c", "^แccc์",
    "^โctะ", "^[เ-ไ]ct", "^ก็", "^อึ", "^หึ", "^(เccีtย)[เ-ไก-ฮ]k", "^(เc[ิีุู]tย)[เ-ไก-ฮ]k",
  ];
  var TCC = new RegExp(TCC_RULES.map(tccSymbols).join("|"));
  var TCC_LOOKAHEAD = new RegExp(["^(เccีtย)[เ-ไก-ฮ]k", "^(เc[ิีุู]tย)[เ-ไก-ฮ]k"].map(tccSymbols).join("|"));

  /** The set of positions where a cluster ends (tcc_tokenizer.rs tcc_pos). */
  function tccPositions(text) {
    var ends = new Set();
    var position = 0;
    var rest = text;
    while (rest.length) {
      var m = TCC.exec(rest);
      var size = 1;
      if (m) size = TCC_LOOKAHEAD.test(m[0]) ? m[0].length - 1 : m[0].length;
      position += size;
      ends.add(position);
      rest = rest.slice(size);
    }
    return ends;
  }

  // --- nlpo3: newmm maximal matching (src/tokenizer/newmm.rs one_cut) -----------------
  var MAX_GRAPH_SIZE = 50;
  var NON_THAI = /^[-a-zA-Z]+|^[0-9]+([,.][0-9]+)*|^[๐-๙]+([,.][๐-๙]+)*|^[ \t]+|^\r?\n/;
  var THAI_TWOCHARS = /^[ก-ฮ]{0,2}$/;

  /** A word list as nlpo3 holds it: a set, and the longest word's length. */
  function Dictionary(words) {
    this.words = new Set();
    this.longest = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i].trim();
      if (!w) continue;
      this.words.add(w);
      if (w.length > this.longest) this.longest = w.length;
    }
  }
  /** Lengths of the dictionary words that text[at:] starts with, shortest first. */
  Dictionary.prototype.prefixes = function (text, at) {
    var out = [];
    var most = Math.min(this.longest, text.length - at);
    for (var n = 1; n <= most; n++) if (this.words.has(text.substr(at, n))) out.push(n);
    return out;
  };

  function MinHeap() {
    this.items = [];
  }
  MinHeap.prototype.push = function (x) {
    var a = this.items;
    a.push(x);
    for (var i = a.length - 1; i > 0; ) {
      var p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      var t = a[p]; a[p] = a[i]; a[i] = t; i = p;
    }
  };
  MinHeap.prototype.pop = function () {
    var a = this.items;
    var top = a[0];
    var last = a.pop();
    if (a.length) {
      a[0] = last;
      for (var i = 0; ; ) {
        var l = 2 * i + 1, r = l + 1, m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        var t = a[m]; a[m] = a[i]; a[i] = t; i = m;
      }
    }
    return top;
  };

  function bfsPath(graph, start, goal) {
    var queue = [[start, [start]]];
    for (var q = 0; q < queue.length; q++) {
      var vertex = queue[q][0];
      var path = queue[q][1];
      var next = graph.get(vertex) || [];
      for (var i = 0; i < next.length; i++) {
        if (next[i] === goal) return path.concat([goal]);
        queue.push([next[i], path.concat([next[i]])]);
      }
    }
    return null; // nlpo3 raises here; it cannot happen on a graph built by oneCut
  }

  function addEdge(graph, from, to) {
    if (!graph.has(from)) graph.set(from, []);
    graph.get(from).push(to);
  }

  /** Words of a Thai text, as nlpo3.segment(text, dict) (safe=False) returns them. */
  function segment(text, dict) {
    var n = text.length;
    var valid = tccPositions(text);
    var graph = new Map();
    var graphSize = 0;
    var heap = new MinHeap();
    var seen = new Set([0]);
    var out = [];
    var endPosition = 0;
    heap.push(0);
    while (heap.items.length && heap.items[0] < n) {
      var begin = heap.pop();
      var lengths = dict.prefixes(text, begin);
      for (var i = 0; i < lengths.length; i++) {
        var candidate = begin + lengths[i];
        if (!valid.has(candidate)) continue;
        addEdge(graph, begin, candidate);
        graphSize += 1;
        if (!seen.has(candidate)) {
          seen.add(candidate);
          heap.push(candidate);
        }
        if (graphSize > MAX_GRAPH_SIZE) break;
      }
      if (heap.items.length === 1) {
        var path = bfsPath(graph, endPosition, heap.items[0]) || [endPosition];
        graphSize = 0;
        for (var p = 1; p < path.length; p++) {
          out.push(text.slice(endPosition, path[p]));
          endPosition = path[p];
        }
      } else if (heap.items.length === 0) {
        var rest = text.slice(begin);
        var m = NON_THAI.exec(rest);
        if (m) {
          endPosition = begin + m[0].length;
        } else {
          endPosition = n;
          for (var pos = begin + 1; pos < n; pos++) {
            if (!valid.has(pos)) continue;
            var found = dict.prefixes(text, pos).some(function (len) {
              return valid.has(pos + len) && !THAI_TWOCHARS.test(text.substr(pos, len));
            });
            if (found || NON_THAI.test(text.slice(pos))) {
              endPosition = pos;
              break;
            }
          }
        }
        addEdge(graph, begin, endPosition);
        graphSize += 1;
        out.push(text.slice(begin, endPosition));
        heap.push(endPosition);
        seen.add(endPosition);
      }
    }
    return out;
  }

  /** analysis.segment_thai: words of a Thai run with their spans in the original text. */
  function segmentThai(run, offset, dict) {
    var kept = [];
    var bare = "";
    for (var i = 0; i < run.length; i++) {
      if (run[i] !== ".") {
        kept.push(i);
        bare += run[i];
      }
    }
    var normal = normaliseThai(bare); // spans index `bare`; `kept` maps them into `run`
    var text = normal[0];
    var spans = normal[1];
    var out = [];
    var pos = 0;
    segment(text, dict).forEach(function (word) {
      var start = pos;
      pos += word.length;
      if (word.trim()) out.push([word, offset + kept[spans[start][0]], offset + kept[spans[pos - 1][1] - 1] + 1]);
    });
    return out;
  }

  // --- indexer/text/english.py -------------------------------------------------------
  // The spellings come with the index (static_search.StaticExport.core: english.SPELLINGS),
  // so the rule lives in one place; until an index is loaded, words are left as they are.
  var spellings = { british: {}, ize: null, izeTo: "" };

  /** Take the index's table of American and British spellings (Python's \1 is $1 here). */
  function useSpellings(table) {
    spellings = { british: table.british, ize: new RegExp(table.ize), izeTo: table.ize_to.replace(/\\(\d)/g, "$$$1") };
  }

  /** english.one_spelling: a lower-case word in its British spelling. */
  function oneSpelling(word) {
    var british = spellings.british;
    if (Object.prototype.hasOwnProperty.call(british, word)) return british[word];
    var single = word.slice(0, -1);
    if (word.slice(-1) === "s" && Object.prototype.hasOwnProperty.call(british, single)) return british[single] + "s";
    return spellings.ize && word.indexOf("z") >= 0 ? word.replace(spellings.ize, spellings.izeTo) : word;
  }

  // --- whoosh.lang.porter -----------------------------------------------------------
  var STEP2 = {
    ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
    alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate",
    ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al",
    iviti: "ive", biliti: "ble", logi: "log",
  };
  var STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var CONS_SEQ = "[^aeiouy]+";
  var VOWEL_SEQ = "[aeiou]+";
  // Python's re.match anchors at the start only: every pattern here begins with ^.
  var MGR0 = new RegExp("^(" + CONS_SEQ + ")?" + VOWEL_SEQ + CONS_SEQ);
  var MEQ1 = new RegExp("^(" + CONS_SEQ + ")?" + VOWEL_SEQ + CONS_SEQ + "(" + VOWEL_SEQ + ")?$");
  var MGR1 = new RegExp("^(" + CONS_SEQ + ")?" + VOWEL_SEQ + CONS_SEQ + VOWEL_SEQ + CONS_SEQ);
  var S_V = new RegExp("^(" + CONS_SEQ + ")?[aeiouy]");
  var C_V = new RegExp("^" + CONS_SEQ + "[aeiouy][^aeiouwxy]$");
  var ED_ING = /^(.*)(ed|ing)$/;
  var AT_BL_IZ = /^(at|bl|iz)$/;
  var STEP1B = /^([^aeiouylsz])\1$/;
  var STEP2_RE = new RegExp("^(.+?)(" + Object.keys(STEP2).join("|") + ")$");
  var STEP3_RE = new RegExp("^(.+?)(" + Object.keys(STEP3).join("|") + ")$");
  var STEP4_1 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var STEP4_2 = /^(.+?)(s|t)(ion)$/;
  var STEP5 = /^(.+?)e$/;

  function stem(w) {
    if (w.length < 3) return w;
    var firstIsY = w[0] === "y";
    if (firstIsY) w = "Y" + w.slice(1);
    var m, s;
    if (w.endsWith("s")) {
      if (w.endsWith("sses") || w.endsWith("ies")) w = w.slice(0, -2);
      else if (w[w.length - 2] !== "s") w = w.slice(0, -1);
    }
    if (w.endsWith("eed")) {
      if (MGR0.test(w.slice(0, -3))) w = w.slice(0, -1);
    } else if ((m = ED_ING.exec(w))) {
      s = m[1];
      if (S_V.test(s)) {
        w = s;
        if (AT_BL_IZ.test(w)) w += "e";
        else if (STEP1B.test(w)) w = w.slice(0, -1);
        else if (C_V.test(w)) w += "e";
      }
    }
    if (w.endsWith("y")) {
      s = w.slice(0, -1);
      if (S_V.test(s)) w = s + "i";
    }
    if ((m = STEP2_RE.exec(w)) && MGR0.test(m[1])) w = m[1] + STEP2[m[2]];
    if ((m = STEP3_RE.exec(w)) && MGR0.test(m[1])) w = m[1] + STEP3[m[2]];
    if ((m = STEP4_1.exec(w))) {
      if (MGR1.test(m[1])) w = m[1];
    } else if ((m = STEP4_2.exec(w))) {
      s = m[1] + m[2];
      if (MGR1.test(s)) w = s;
    }
    if ((m = STEP5.exec(w))) {
      s = m[1];
      if (MGR1.test(s) || (MEQ1.test(s) && !C_V.test(s))) w = s;
    }
    if (w.endsWith("ll") && MGR1.test(w)) w = w.slice(0, -1);
    if (firstIsY) w = "y" + w.slice(1);
    return w;
  }

  // --- indexer/text/analysis.py, query mode -----------------------------------------
  var ASCII_ALPHA = /^[A-Za-z]+$/;

  /** LatinPartsFilter with offsets: [part, offset in the piece] of each term it makes. */
  function latinPartSpans(text) {
    if (isThai(text) || !/[-'\u2019.]/.test(text)) return [[text, null, null]]; // the piece itself
    var parts = text.replace(/\u2019/g, "'").replace(/'/g, "-").replace(/\./g, "-").split("-");
    var out = [];
    var offset = 0;
    parts.forEach(function (part) {
      if (part) out.push([part, offset, offset + part.length]);
      offset += part.length + 1;
    });
    var joined = parts.join("");
    if (joined && parts.length > 1) out.push([joined, 0, text.length]);
    return out;
  }

  /** thai.other_words of a run, as [word, start, end] in the text; clean() has dropped
   * the joiners that other_words drops inside a word. */
  function otherWords(run) {
    var out = [];
    var m;
    OTHER_WORD.lastIndex = 0;
    while ((m = OTHER_WORD.exec(run.text)) !== null) {
      out.push([m[0].toLowerCase().normalize("NFC"), run.start + m.index, run.start + m.index + m[0].length]);
    }
    return out;
  }

  /** The analyzer's query tokens (mode="query": no compound parts): {text, start, end},
   * offsets into the text as typed, as analysis.analyze's Tok. */
  function queryTokenSpans(value, dict) {
    var out = [];
    runs(normaliseDigits(value)).forEach(function (run) {
      var pieces;
      if (run.kind === "th") pieces = segmentThai(run.text, run.start, dict);
      else if (run.kind === "oth") pieces = otherWords(run);
      // thai.latin_word drops joiners inside a Latin word; clean() has dropped them already
      else pieces = [[run.kind === "num" ? run.text.replace(/,/g, "") : run.text.replace(INSIDE_WORD, ""), run.start, run.end]];
      pieces.forEach(function (piece) {
        latinPartSpans(piece[0]).forEach(function (part) {
          var text = part[0].toLowerCase();
          if (ASCII_ALPHA.test(text) && text.length > 2) text = stem(oneSpelling(text));
          var whole = part[1] === null;
          out.push({ text: text, start: whole ? piece[1] : piece[1] + part[1], end: whole ? piece[2] : piece[1] + part[2] });
        });
      });
    });
    return out;
  }

  /** analysis.phrase_words: analysed words as they follow one another in the index, the
   * pieces that a following word joins up dropped (e, visa, evisa: evisa). */
  function phraseWords(words) {
    var out = [];
    words.forEach(function (word) {
      var joined = "";
      for (var start = out.length - 1; start >= 0; start--) {
        joined = out[start] + joined;
        if (joined.length >= word.length) {
          if (joined === word && out.length - start > 1) out.splice(start);
          break;
        }
      }
      out.push(word);
    });
    return out;
  }

  /** The terms the analyzer makes of a query text. */
  function queryTokens(value, dict) {
    return queryTokenSpans(value, dict).map(function (t) { return t.text; });
  }

  // --- analysis.best_split ----------------------------------------------------------
  function lattice(word, words, maxWord) {
    var n = word.length;
    var edges = [];
    for (var i = 0; i < n; i++) {
      if (!canBreak(word, i)) continue;
      for (var j = i + 1; j <= Math.min(n, i + maxWord); j++) {
        if (canBreak(word, j) && !(i === 0 && j === n) && words.has(word.slice(i, j))) edges.push([i, j]);
      }
    }
    var forward = new Set([0]);
    var backward = new Set([n]);
    edges.forEach(function (e) { if (forward.has(e[0])) forward.add(e[1]); });
    for (var k = edges.length - 1; k >= 0; k--) if (backward.has(edges[k][1])) backward.add(edges[k][0]);
    return { edges: edges, forward: forward, backward: backward };
  }

  /** analysis.compound_parts: every word of minSubword letters or more on some complete split. */
  function compoundParts(word, words, minSubword, maxWord) {
    var l = lattice(word, words, maxWord);
    return l.edges
      .filter(function (e) { return e[1] - e[0] >= minSubword && l.forward.has(e[0]) && l.backward.has(e[1]); })
      .map(function (e) { return word.slice(e[0], e[1]); });
  }

  function bestSplit(word, words, minSubword, maxWord) {
    var l = lattice(word, words, maxWord);
    var best = new Map([[0, [0, -word.length, []]]]);
    l.edges.forEach(function (e) {
      var i = e[0], j = e[1];
      if (!(l.forward.has(i) && l.backward.has(j)) || !best.has(i)) return;
      var b = best.get(i);
      var candidate = [b[0] + 1, Math.max(b[1], -(j - i)), b[2].concat([word.slice(i, j)])];
      var old = best.get(j);
      if (!old || candidate[0] < old[0] || (candidate[0] === old[0] && candidate[1] < old[1])) best.set(j, candidate);
    });
    var pieces = best.has(word.length) ? best.get(word.length)[2] : [];
    return pieces.filter(function (p) { return p.length >= minSubword; });
  }

  ECM.text = {
    parseQuery: parseQuery,
    runs: runs,
    normaliseDigits: normaliseDigits,
    normaliseThai: normaliseThai,
    isThai: isThai,
    Dictionary: Dictionary,
    segment: segment,
    segmentThai: segmentThai,
    queryTokens: queryTokens,
    queryTokenSpans: queryTokenSpans,
    phraseWords: phraseWords,
    bestSplit: bestSplit,
    compoundParts: compoundParts,
    useSpellings: useSpellings,
  };
})(typeof window !== "undefined" ? (window.ECM = window.ECM || {}) : module.exports);
