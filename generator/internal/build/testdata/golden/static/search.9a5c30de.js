// Sitrep search: fetches the build-time index (search/index.json) the
// first time it is needed and searches it in the browser. Every term must
// match, ignoring case and diacritics, in a brief's title, summary, date
// or the names and aliases of the entities it names. Results are a plain
// list of links (Tab, or the arrow keys from the search box), their count
// is announced, and matches are marked with <mark>.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || !window.fetch || !String.prototype.normalize) return;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var base = root.getAttribute("data-base") || "/";
  var loading = null, ents = [], briefs = [], timer = 0;
  var MAX_ENTITIES = 10, MAX_BRIEFS = 50, SEP = " \u0001 ";

  var marks = /[\u0300-\u036f]/g;
  function fold(s) { return s.normalize("NFD").replace(marks, "").toLowerCase(); }

  // foldMap folds s and maps every index of the folded string back to the
  // range of s it came from, so that matches can be marked in the original.
  function foldMap(s) {
    var out = "", from = [], to = [];
    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i), ch = String.fromCodePoint(cp), f = fold(ch);
      for (var j = 0; j < f.length; j++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { text: out, from: from, to: to };
  }

  function load() {
    if (!loading) {
      status.textContent = "Loading the search index…";
      loading = fetch(root.getAttribute("data-index")).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(prepare);
      loading.catch(function () { status.textContent = "The search index could not be loaded."; });
    }
    return loading;
  }

  function prepare(ix) {
    ents = ix.e.map(function (e) {
      var names = [e[1]].concat(e[3] || []);
      return { kind: e[0], name: e[1], names: names, url: base + ix.k[e[0]] + "/" + e[2] + "/", hay: fold(names.join(SEP)) };
    });
    briefs = ix.b.map(function (b) {
      var es = b[4].map(function (i) { return ents[i]; });
      return {
        title: b[0], summary: b[1], date: b[2], url: base + "briefs/" + b[3] + "/", ents: es,
        hay: fold([b[0], b[1], b[2]].join(SEP)) + SEP + es.map(function (e) { return e.hay; }).join(SEP)
      };
    });
  }

  function terms(q) { return fold(q).split(/\s+/).filter(Boolean); }
  function matches(hay, ts) { return ts.every(function (t) { return hay.indexOf(t) >= 0; }); }

  // highlight appends text to el with every occurrence of a term in <mark>.
  function highlight(el, text, ts) {
    var m = foldMap(text), ranges = [];
    ts.forEach(function (t) {
      for (var i = m.text.indexOf(t); i >= 0; i = m.text.indexOf(t, i + 1)) ranges.push([m.from[i], m.to[i + t.length - 1]]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    ranges.forEach(function (r) {
      if (r[1] <= at) return;
      var start = Math.max(r[0], at);
      if (start > at) el.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, r[1]);
      el.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    return el;
  }

  function make(tag, cls) { var el = document.createElement(tag); if (cls) el.className = cls; return el; }
  var kindNames = ["Actor", "Country", "Topic"];

  function run() {
    var q = input.value.trim(), ts = terms(q);
    list.textContent = "";
    if (!ts.length) { status.textContent = ""; return; }
    var es = ents.filter(function (e) { return matches(e.hay, ts); });
    var bs = briefs.filter(function (b) { return matches(b.hay, ts); });
    es.slice(0, MAX_ENTITIES).forEach(function (e) {
      var li = make("li", "result entity-result"), a = make("a");
      a.href = e.url;
      highlight(a, e.name, ts);
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(make("span", "kind")).textContent = kindNames[e.kind] || "";
      var other = e.names.slice(1).filter(function (n) {
        var f = fold(n);
        return ts.some(function (t) { return f.indexOf(t) >= 0; });
      });
      if (other.length) highlight(li.appendChild(make("span", "aka")), " also " + other.join(", "), ts);
      list.appendChild(li);
    });
    bs.slice(0, MAX_BRIEFS).forEach(function (b) {
      var li = make("li", "result brief-result"), a = make("a"), meta = make("p", "meta"), time = make("time");
      time.dateTime = b.date;
      highlight(time, b.date, ts);
      meta.appendChild(time);
      li.appendChild(meta);
      a.href = b.url;
      highlight(a, b.title, ts);
      li.appendChild(make("h2")).appendChild(a);
      if (b.summary) highlight(li.appendChild(make("p", "summary")), b.summary, ts);
      // the names that matched a term, so a brief found by an alias shows why
      var named = [];
      b.ents.forEach(function (e) {
        e.names.forEach(function (n) {
          var f = fold(n);
          if (ts.some(function (t) { return f.indexOf(t) >= 0; }) && named.indexOf(n) < 0) named.push(n);
        });
      });
      if (named.length) highlight(li.appendChild(make("p", "names")), "Names " + named.join(", "), ts);
      list.appendChild(li);
    });
    var n = es.length + bs.length;
    status.textContent = n === 0 ? "Nothing matches “" + q + "”." :
      n + (n === 1 ? " result" : " results") + " for “" + q + "”" +
      (es.length > MAX_ENTITIES || bs.length > MAX_BRIEFS ? ", the first " + (Math.min(es.length, MAX_ENTITIES) + Math.min(bs.length, MAX_BRIEFS)) + " shown." : ".");
  }

  function search() {
    load().then(run, function () {});
    var url = new URL(location.href);
    if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
  input.addEventListener("focus", load);
  root.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });

  // arrow keys move between the search box and the result links
  root.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length) return;
    var i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown") i = Math.min(i + 1, links.length - 1);
    else if (i <= 0) { input.focus(); e.preventDefault(); return; } else i--;
    links[i].focus();
    e.preventDefault();
  });

  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(); }
})();
