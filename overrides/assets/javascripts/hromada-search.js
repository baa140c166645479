/* Search with Pagefind, in Material's search panel. Nothing is fetched until
   the reader opens the search box; then only this language's index is used
   (Pagefind picks it from <html lang>), in small chunks per query. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

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
  var loading = null;
  var latest = 0;
  var PAGE = 5;  // results whose text is fetched at once: each costs a few KB

  function load() {
    if (!loading) {
      meta.textContent = strings.initializer;
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return pagefind.options({ basePath: new URL("pagefind/", base).href, baseUrl: base.pathname, excerptLength: 26 })
          .then(function () { return pagefind.init(); })
          .then(function () {
            if (!input.value.trim()) meta.textContent = strings.placeholder;
            return pagefind;
          });
      });
    }
    return loading;
  }

  function counted(n) {
    if (n === 0) return strings.none;
    if (n === 1) return strings.one;
    return strings.other.replace("#", String(n));
  }

  /* Pagefind's excerpt is text with <mark> around matches: rebuild it from
     text and <mark> only, so nothing else from the index becomes markup. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var p = document.createElement("p");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
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
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  var WORD = /[^\s.,;:!?«»"“”„()\[\]]+/g;

  /* Pagefind stems English and Russian itself, not Ukrainian or Tajik. For
     those, strip a common inflectional ending from each query word and let
     Pagefind's prefix match find the other forms: "жінками" searches
     "жінк…" (жінки, жінкам, жінками), "занониро" searches "занон…". At least
     four letters always stay. */
  var ENDINGS = {
    uk: ["ями", "ами", "ові", "еві", "ого", "ому", "ими", "іми", "ися", "ись", "ться", "ій", "ий", "их", "іх",
         "ах", "ях", "ам", "ям", "ом", "ем", "ою", "ею", "єю", "ів", "їв", "ти", "ть", "ся",
         "а", "я", "у", "ю", "і", "ї", "и", "о", "е", "є", "ь"],
    tg: ["ҳоямон", "ҳоятон", "ҳояшон", "ҳоям", "ҳоят", "ҳояш", "ҳои", "ҳоро", "ҳо", "амон", "атон", "ашон",
         "ро", "он", "ён", "ам", "ат", "аш", "и", "ӣ", "е"]
  };
  var LANG = (document.documentElement.lang || "en").slice(0, 2);

  function stem(word) {
    var endings = ENDINGS[LANG];
    if (!endings) return word;
    for (var round = 0; round < 2; round++) {
      var cut = endings.filter(function (e) {
        return word.length - e.length >= 4 && word.slice(-e.length) === e;
      }).sort(function (a, b) { return b.length - a.length; })[0];
      if (!cut) break;
      word = word.slice(0, -cut.length);
    }
    return word;
  }

  function prepared(query) {
    return (query.toLowerCase().match(WORD) || []).map(stem).join(" ");
  }

  /* Pagefind has no stemmer for Ukrainian or Tajik: when a word has no match
     it retries with shorter and shorter prefixes. Say so instead of silently
     answering another question, and refuse prefixes too short to mean much
     (fewer than 4 letters, or less than half of the word). */
  function fallbackOf(query, data) {
    var marked = [];
    data.forEach(function (d) {
      (d.excerpt || "").replace(/<mark>(.*?)<\/mark>/g, function (_, w) { marked.push(w.toLowerCase()); });
    });
    var terms = query.toLowerCase().match(WORD) || [];
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (marked.some(function (w) { return w.indexOf(term) === 0; })) continue;
      var best = "";
      marked.forEach(function (w) {
        var n = 0;
        while (n < term.length && n < w.length && term[n] === w[n]) n++;
        if (n > best.length) best = term.slice(0, n);
      });
      return { term: term, prefix: best, useless: best.length < 4 || best.length * 2 < term.length };
    }
    return null;
  }

  /* A "more results" button fetches the next few results only when asked. */
  function more(results, shown, mine) {
    if (results.length <= shown || !strings.more) return;
    var li = document.createElement("li");
    li.className = "md-search-result__item hx-search-more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = strings.more;
    button.addEventListener("click", function () {
      button.disabled = true;
      Promise.all(results.slice(shown, shown + PAGE).map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== latest) return;
        li.remove();
        data.forEach(function (d) { list.appendChild(item(d)); });
        more(results, shown + PAGE, mine);
      });
    });
    li.appendChild(button);
    list.appendChild(li);
  }

  function search(query) {
    var mine = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      meta.textContent = strings.placeholder;
      return;
    }
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(prepared(query), {}, 200);
    }).then(function (found) {
      if (!found || mine !== latest) return null;
      return Promise.all(found.results.slice(0, PAGE).map(function (r) { return r.data(); }))
        .then(function (data) {
          if (mine !== latest) return;
          var fallback = data.length ? fallbackOf(prepared(query), data) : null;
          list.textContent = "";
          if (fallback && fallback.useless) {
            meta.textContent = strings.none;
          } else {
            meta.textContent = counted(found.results.length);
            if (fallback && strings.fallback) {
              meta.textContent = strings.fallback.replace("{query}", fallback.term).replace("{prefix}", fallback.prefix);
            }
            data.forEach(function (d) { list.appendChild(item(d)); });
            more(found.results, PAGE, mine);
          }
          list.setAttribute("data-hx-query", query);  // which query the list shows
        });
    }).catch(function () {
      meta.textContent = strings.none;
    });
  }

  function open() {
    if (toggle) toggle.checked = true;
    load();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () { search(input.value); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { search(""); });
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
