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
  var SHOWN = 10;

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

  function search(query) {
    var mine = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      meta.textContent = strings.placeholder;
      return;
    }
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 200);
    }).then(function (found) {
      if (!found || mine !== latest) return null;
      return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (data) {
          if (mine !== latest) return;
          meta.textContent = counted(found.results.length);
          list.textContent = "";
          data.forEach(function (d) { list.appendChild(item(d)); });
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
