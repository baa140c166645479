/* Search with Pagefind, in Material's search panel. Nothing is fetched until
   the reader opens the search box; then only this language's index is used,
   in small chunks per query.

   What a typed word finds (hromada/search_text.py builds the word tables):
   1. its forms: the word is folded (case, marks, apostrophes, Tajik letters
      typed on a Russian keyboard: see fold) and looked up in this language's
      word table, which lists the index words of its lemma's forms (Ukrainian,
      Russian, English) or of its Tajik stems; each is searched in Pagefind and
      the pages are merged;
   2. only if no page has any of them: words starting with what was typed
      (at least 3 letters), and the panel says so;
   3. otherwise nothing (never a shorter, unrelated prefix).
   Several words: pages that have every one of them; if none, the last word
   is read as a beginning too (the reader may still be typing it).
   The index of a language is named x-<lang>: see hromada/search_index.py. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  // --- folding: the same as fold() in hromada/search_text.py -----------------
  var LETTERS = { "ҳ": "х", "ҷ": "ч", "қ": "к", "ғ": "г", "ґ": "г" };
  var LOOKALIKES = { a: "а", c: "с", e: "е", i: "і", o: "о", p: "р", x: "х", y: "у", k: "к" };
  var MARKS = /\p{M}/gu;
  var ALNUM = /^[\p{L}\p{N}]$/u;
  var APOSTROPHES = "'’‘ʼʻ`´′";
  var CYRILLIC = /[\u0400-\u04ff]/;

  function fold(word) {
    var out = "";
    Array.from(word.toLowerCase().normalize("NFKD").replace(MARKS, "")).forEach(function (c) {
      c = LETTERS[c] || c;
      if (ALNUM.test(c) && APOSTROPHES.indexOf(c) < 0) out += c;
    });
    if (CYRILLIC.test(out)) {
      out = Array.from(out).map(function (c) { return LOOKALIKES[c] || c; }).join("");
    }
    return out;
  }

  /* The word Pagefind stores for some text (index_key in search_text.py). */
  function indexKey(text) {
    var out = "";
    Array.from(text).forEach(function (c) {
      if (c === "_" || ALNUM.test(c)) out += c.toLowerCase();
    });
    return out.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
  }

  /* Candidate stems under the Tajik rule set shipped with the word table. */
  function stems(folded, rules) {
    var found = [folded];
    rules.layers.forEach(function (layer) {
      found.slice().forEach(function (cand) {
        layer.forEach(function (ending) {
          if (cand.length - ending.length >= rules.min && cand.slice(-ending.length) === ending) {
            var stem = cand.slice(0, -ending.length);
            if (found.indexOf(stem) < 0) found.push(stem);
          }
        });
      });
    });
    return found;
  }

  window.hromadaSearchText = Object.freeze({ fold: fold, indexKey: indexKey, stems: stems });

  var configElement = document.getElementById("hx-config");
  var input = document.querySelector("[data-hx-search-input]");
  if (!configElement || !input) return;
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings;
  var toggle = document.getElementById("__search");
  var form = document.querySelector("[data-hx-search-form]");
  var meta = document.querySelector("[data-hx-search-meta]");
  var list = document.querySelector("[data-hx-search-results]");
  var base = new URL(config.base.replace(/\/?$/, "/"), window.location.href);
  var LANG = (root.getAttribute("lang") || "unknown").toLowerCase();
  var PAGE = 5;        // results whose text is fetched at once: each costs a few KB
  var EXCERPT = 26;    // words around the matches
  var MIN_PREFIX = 3;  // shorter words are only looked up whole
  var WORD = /[\p{L}\p{N}\p{M}]+(?:['’‘ʼʻ`´′][\p{L}\p{N}\p{M}]+)*/gu;
  var loading = null;
  var latest = 0;
  var timer = null;

  /* Result counts in each language's plural forms (Material has only one/other). */
  var COUNTS = {
    uk: { one: "Знайдено # збіг", few: "Знайдено # збіги", many: "Знайдено # збігів", other: "Знайдено # збігу" },
    ru: { one: "Найдено # совпадение", few: "Найдено # совпадения", many: "Найдено # совпадений", other: "Найдено # совпадения" }
  };

  function counted(n) {
    if (n === 0) return strings.none;
    var forms = COUNTS[LANG.split("-")[0]];
    if (forms) {
      var rule = "other";
      try { rule = new Intl.PluralRules(LANG).select(n); } catch (e) { /* unknown locale */ }
      return (forms[rule] || forms.other).replace("#", String(n));
    }
    return n === 1 ? strings.one : strings.other.replace("#", String(n));
  }

  // --- the word table ---------------------------------------------------------
  function fetchTable(name) {
    return fetch(new URL("pagefind/hx/" + name, base).href).then(function (response) {
      if (!response.ok) throw new Error(name + ": " + response.status);
      var stream = response.body.pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).json();
    });
  }

  function Table(manifest) {
    this.manifest = manifest;
    this.chunks = {};
  }

  Table.prototype.chunkAt = function (i) {
    var name = this.manifest.chunks[i][1];
    if (!this.chunks[name]) this.chunks[name] = fetchTable(name);
    return this.chunks[name];
  };

  /* Index of the chunk whose keys would hold `key` (keys compare as JS strings). */
  Table.prototype.chunkFor = function (key) {
    var chunks = this.manifest.chunks;
    var lo = 0;
    var hi = chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (chunks[mid][0] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  function lowerBound(rows, key) {
    var lo = 0;
    var hi = rows.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (rows[mid][0] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Index words to search for the folded key: the forms of its lemmas or stems. */
  Table.prototype.surfaces = function (key) {
    if (!this.manifest.chunks.length) return Promise.resolve([]);
    return this.chunkAt(this.chunkFor(key)).then(function (chunk) {
      var row = chunk.k[lowerBound(chunk.k, key)];
      var out = [];
      if (row && row[0] === key) {
        row[1].forEach(function (g) { out = out.concat(chunk.g[g]); });
      }
      return out;
    }).catch(function () { return null; });  // unreadable: search the word as typed
  };

  /* Index spellings of the page words whose folded form starts with `key`. */
  Table.prototype.spellings = function (key) {
    var self = this;
    var out = [];
    function scan(i, rounds) {
      return self.chunkAt(i).then(function (chunk) {
        var at = lowerBound(chunk.k, key);
        for (; at < chunk.k.length; at++) {
          var row = chunk.k[at];
          if (row[0].slice(0, key.length) !== key) return out;
          if (row[2] === 1) out.push(row[0]);
          else if (Array.isArray(row[2])) out = out.concat(row[2]);
        }
        var next = self.manifest.chunks[i + 1];
        if (next && rounds < 3 && next[0].slice(0, key.length) === key) return scan(i + 1, rounds + 1);
        return out;
      });
    }
    if (!this.manifest.chunks.length) return Promise.resolve([]);
    return scan(this.chunkFor(key), 0).catch(function () { return out.length ? out : null; });
  };

  /* The shortest beginning of an index spelling that folds to `key`. */
  function realPrefix(spelling, key) {
    var chars = Array.from(spelling);
    for (var i = 1; i <= chars.length; i++) {
      var head = chars.slice(0, i).join("");
      var folded = fold(head);
      if (folded === key) return head;
      if (folded.length > key.length) break;
    }
    return null;
  }

  // --- searching ------------------------------------------------------------------
  function load() {
    if (!loading) {
      meta.textContent = strings.initializer;
      var engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        /* The index of this language is named x-<lang> (no stemmer: see
           search_index.py). Pagefind 1.5 picks the index from <html lang>
           alone, read once, synchronously, when the instance is created. */
        var lang = root.getAttribute("lang");
        var instance;
        root.setAttribute("lang", "x-" + LANG);
        try {
          instance = pagefind.createInstance({ basePath: new URL("pagefind/", base).href,
                                               baseUrl: base.pathname, excerptLength: EXCERPT });
        } finally {
          if (lang === null) root.removeAttribute("lang"); else root.setAttribute("lang", lang);
        }
        return instance.init().then(function () { return instance; });
      });
      var table = typeof DecompressionStream === "undefined" ? Promise.resolve(null) :
        fetch(new URL("pagefind/hx/" + LANG + ".json", base).href)
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; })
        .then(function (manifest) { return manifest && manifest.chunks ? new Table(manifest) : null; });
      loading = Promise.all([engine, table]).then(function (both) {
        if (!input.value.trim()) meta.textContent = strings.placeholder;
        return { pagefind: both[0], table: both[1] };
      });
    }
    return loading;
  }

  /* Pagefind results for index words: exact ("=word") or as a prefix. Merged per page. */
  function gather(pagefind, words, exact) {
    var pages = {};
    var unique = words.filter(function (w, i) { return w && words.indexOf(w) === i; });
    return Promise.all(unique.map(function (word) {
      var whole = exact || word.charAt(0) === "=";
      var term = word.replace(/^=/, "");
      return pagefind.search(whole ? "\"" + term + "\"" : term).then(function (found) {
        var total = found ? found.results.length : 0;
        (found ? found.results : []).forEach(function (r) {
          // exact lookups are unranked: score them as one occurrence (BM25's idf)
          var score = whole ? Math.log(1 + (pageTotal - total + 0.5) / (total + 0.5)) : r.score;
          var page = pages[r.id] || (pages[r.id] = { result: r, score: 0, locations: [] });
          page.score += score;
          page.locations = page.locations.concat(r.words);
        });
      });
    })).then(function () { return pages; });
  }
  var pageTotal = 1000;

  /* What one typed word finds: {pages, prefix (when it fell back), exact (index words), prefixes}. */
  function findWord(engine, typed, asPrefix) {
    var key = fold(typed);
    var table = engine.table;
    if (!key) return Promise.resolve(null);
    var keys = table && table.manifest.rules ? stems(key, table.manifest.rules) : [key];
    /* Without a word table (none, or a browser that cannot read it): the word as typed. */
    var plain = ["=" + indexKey(typed)];
    var looked = table ? Promise.all(keys.map(function (k) { return table.surfaces(k); }))
      .then(function (lists) {
        return lists.indexOf(null) >= 0 ? plain : [].concat.apply([], lists);
      }) : Promise.resolve(plain);
    return looked.then(function (surfaces) {
      return gather(engine.pagefind, asPrefix ? [] : surfaces, false).then(function (pages) {
        if (Object.keys(pages).length || Array.from(key).length < MIN_PREFIX) {
          return { pages: pages, prefix: false, exact: surfaces, prefixes: [] };
        }
        var spelled = table ? table.spellings(key) : Promise.resolve(null);
        return spelled.then(function (spellings) {
          var prefixes = [];
          spellings = spellings || [indexKey(typed)];
          spellings.forEach(function (s) {
            var p = realPrefix(s, key);
            if (p && prefixes.indexOf(p) < 0) prefixes.push(p);
          });
          return gather(engine.pagefind, prefixes, false).then(function (found) {
            return { pages: found, prefix: true, exact: [], prefixes: prefixes };
          });
        });
      });
    });
  }

  /* Does an excerpt word match what was searched? */
  function matcher(findings) {
    var exact = {};
    var prefixes = [];
    findings.forEach(function (f) {
      f.exact.forEach(function (w) { exact[w.replace(/^=/, "")] = true; });
      prefixes = prefixes.concat(f.prefixes);
    });
    return function (chunk) {
      var keys = [indexKey(chunk)].concat(chunk.split(/[!-\/:-@\[-`{-~]+/).map(indexKey));
      return keys.some(function (k) {
        return k && (exact[k] || prefixes.some(function (p) { return k.slice(0, p.length) === p; }));
      });
    };
  }

  /* The page's text around its best cluster of matches, matches marked. */
  function excerpt(content, locations, matches) {
    var words = content.split(/[\r\n\s]+/).filter(Boolean);
    var hit = words.map(function (w, i) { return matches(w) || locations.indexOf(i) >= 0; });
    var start = 0;
    var best = -1;
    for (var i = 0; i < Math.max(1, words.length - EXCERPT + 1); i++) {
      var n = 0;
      for (var j = i; j < Math.min(words.length, i + EXCERPT); j++) if (hit[j]) n++;
      if (n > best) { best = n; start = i; }
    }
    start = Math.max(0, start - (best > 0 && hit[start] ? 3 : 0));
    var p = document.createElement("p");
    words.slice(start, start + EXCERPT).forEach(function (w, k) {
      if (k) p.appendChild(document.createTextNode(" "));
      var core = hit[start + k] && w.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
      if (core && core[2]) {  // mark the word, not the punctuation around it
        var mark = document.createElement("mark");
        mark.textContent = core[2];
        if (core[1]) p.appendChild(document.createTextNode(core[1]));
        p.appendChild(mark);
        if (core[3]) p.appendChild(document.createTextNode(core[3]));
      } else {
        p.appendChild(document.createTextNode(w));
      }
    });
    if (start + EXCERPT < words.length) p.appendChild(document.createTextNode(" …"));
    if (start > 0) p.insertBefore(document.createTextNode("… "), p.firstChild);
    return p;
  }

  function item(data, page, matches) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    article.appendChild(excerpt(data.content || "", page.locations, matches));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  /* A "more results" button fetches the next few results only when asked. */
  function more(ranked, shown, mine, matches) {
    if (ranked.length <= shown || !strings.more) return;
    var li = document.createElement("li");
    li.className = "md-search-result__item hx-search-more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = strings.more;
    button.addEventListener("click", function () {
      button.disabled = true;
      show(ranked.slice(shown, shown + PAGE)).then(function (items) {
        if (mine !== latest) return;
        li.remove();
        items.forEach(function (x) { list.appendChild(item(x[0], x[1], matches)); });
        more(ranked, shown + PAGE, mine, matches);
        list.setAttribute("data-hx-shown", String(list.querySelectorAll(".md-search-result__link").length));
      });
    });
    li.appendChild(button);
    list.appendChild(li);
  }

  function show(pages) {
    return Promise.all(pages.map(function (page) {
      return page.result.data().then(function (data) { return [data, page]; });
    }));
  }

  /* Pages found for every word. */
  function common(findings) {
    var words = findings.map(function (f) { return f.pages; });
    return Object.keys(words[0] || {}).filter(function (id) {
      return words.every(function (pages) { return pages[id]; });
    });
  }

  function render(query, findings, mine) {
    var words = findings.map(function (f) { return f.pages; });
    var ids = common(findings);
    var ranked = ids.map(function (id) {
      var score = 0;
      var locations = [];
      words.forEach(function (pages) { score += pages[id].score; locations = locations.concat(pages[id].locations); });
      return { id: id, result: words[0][id].result, score: score, locations: locations };
    }).sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    var matches = matcher(findings);
    return show(ranked.slice(0, PAGE)).then(function (items) {
      if (mine !== latest) return;
      list.textContent = "";
      var fallback = null;
      findings.forEach(function (f, i) { if (f.prefix && !fallback) fallback = f.typed; });
      if (!ranked.length) {
        meta.textContent = strings.none;
      } else if (fallback && strings.fallback) {
        meta.textContent = strings.fallback.replace("{query}", fallback).replace("{prefix}", fallback);
      } else {
        meta.textContent = counted(ranked.length);
      }
      items.forEach(function (x) { list.appendChild(item(x[0], x[1], matches)); });
      more(ranked, PAGE, mine, matches);
      list.setAttribute("data-hx-count", String(ranked.length));
      list.setAttribute("data-hx-shown", String(items.length));
      list.setAttribute("data-hx-query", query);  // which query the list shows
    });
  }

  function search(query) {
    var mine = ++latest;
    var typed = query.match(WORD) || [];
    if (!typed.length) {
      list.textContent = "";
      list.removeAttribute("data-hx-count");
      meta.textContent = query.trim() ? strings.none : strings.placeholder;
      list.setAttribute("data-hx-query", query);
      return;
    }
    load().then(function (engine) {
      if (mine !== latest) return null;
      if (engine.table && engine.table.manifest.pages) pageTotal = engine.table.manifest.pages;
      return Promise.all(typed.map(function (word) {
        return findWord(engine, word).then(function (f) { if (f) f.typed = word; return f; });
      })).then(function (findings) {
        if (mine !== latest) return null;
        findings = findings.filter(Boolean);
        var last = findings[findings.length - 1];
        /* Still typing the last of several words: if no page has them all, read
           the last one as a beginning too ("жінки пол" -> полону), and say so. */
        if (findings.length > 1 && !last.prefix && !common(findings).length &&
            Array.from(fold(last.typed)).length >= MIN_PREFIX) {
          return findWord(engine, last.typed, true).then(function (f) {
            if (mine !== latest) return null;
            f.typed = last.typed;
            return render(query, findings.slice(0, -1).concat([f]), mine);
          });
        }
        return render(query, findings, mine);
      });
    }).catch(function (error) {
      if (window.console) console.error("hromada search:", error);
      if (mine !== latest) return;
      list.textContent = "";
      meta.textContent = strings.none;
      list.setAttribute("data-hx-query", query);
    });
  }

  function open() {
    if (toggle) toggle.checked = true;
    load();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value;
    timer = setTimeout(function () { search(query); }, 150);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { clearTimeout(timer); search(""); });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) { input.focus(); }
    });
  }
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target || {}).tagName || "");
    if (event.key === "/" && !typing) {
      event.preventDefault();
      open();
      input.focus();
    } else if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });
})();
