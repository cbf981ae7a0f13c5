// Sitrep search: reads its state from the URL (q, actor, country, topic,
// year, sort, page), fetches only the parts of the split index it needs
// (search/meta.json, then the term chunks of the words, the fragments of
// the briefs on screen, and the entity and facet chunks the facets need)
// and shows the entities whose names match, the briefs that match, facets
// with exact counts and a pager. A key given twice means either value;
// different keys must all hold. The results list carries data-total, the
// number of briefs matching, once shown. See docs/reference.md, "Search".
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || !window.fetch || !String.prototype.normalize || !window.URLSearchParams) return;
  var form = root.querySelector("form");
  var input = document.getElementById("search-q");
  var sortSel = document.getElementById("search-sort");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var entList = document.getElementById("search-entities");
  var facetsEl = document.getElementById("search-facets");
  // on a phone the filters start folded, so that the results come first
  var filters = document.getElementById("search-filters");
  if (filters && window.matchMedia && !window.matchMedia("(min-width: 48rem)").matches) filters.open = false;
  var pager = document.getElementById("search-pager");
  var base = root.getAttribute("data-base") || "/";
  var dir = root.getAttribute("data-index");
  var KEYS = ["actor", "country", "topic"], KINDS = ["Actors", "Countries", "Topics"], KIND1 = ["Actor", "Country", "Topic"];
  var MAX_ENTITIES = 10, MAX_PREFIX_CHUNKS = 3, MAX_WORD = 40;
  // facet chunks fetched without asking: more (a query of several common
  // words over the whole archive needs them all) wait for the reader's click
  var AUTO_FACET_CHUNKS = 3;
  var meta = null, metaP = null, parts = {}, chunkMaps = {}, runNo = 0, timer = 0;

  var marks = /[\u0300-\u036f]/g, nonWord = /[^\p{L}\p{N}\p{M}]+/u;
  function fold(s) { return s.normalize("NFD").replace(marks, "").toLowerCase().replace(/ς/g, "σ"); }
  function words(q) {
    return fold(q).split(nonWord).filter(function (w) { return w && Array.from(w).length <= MAX_WORD; });
  }

  function loadMeta() {
    if (!metaP) {
      metaP = fetch(dir + "meta.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (m) { meta = m; return m; });
      metaP.catch(function () { metaP = null; });
    }
    return metaP;
  }
  function part(path) {
    if (!parts[path]) {
      parts[path] = fetch(dir + path + "?v=" + meta.id).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
      parts[path].catch(function () { delete parts[path]; });
    }
    return parts[path];
  }

  // the term chunks: the last whose first key is at most key holds it
  function chunkIndex(key) {
    var t = meta.t, lo = 0, hi = t.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (t[mid][0] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function chunk(i) {
    var name = meta.t[i][1];
    return part(name).then(function (entries) {
      if (!chunkMaps[name]) {
        var m = new Map();
        entries.forEach(function (e) { m.set(e[0], e); });
        chunkMaps[name] = { map: m, entries: entries };
      }
      return chunkMaps[name];
    });
  }
  function entry(key) {
    return chunk(chunkIndex(key)).then(function (c) { return c.map.get(key) || null; });
  }
  // the entries of a word: the word itself, or for the last word of the
  // query when it is no word of the index, every word it begins, unless
  // they fill more than MAX_PREFIX_CHUNKS chunks (a letter or two): none then
  function wordEntries(w, last) {
    return entry(w).then(function (e) {
      if (e || !last || !meta.t.length) return e ? [e] : [];
      var first = chunkIndex(w), idx = [];
      for (var i = first; i < meta.t.length && (i === first || meta.t[i][0].lastIndexOf(w, 0) === 0); i++) idx.push(i);
      if (idx.length > MAX_PREFIX_CHUNKS) return [];
      return Promise.all(idx.map(chunk)).then(function (cs) {
        var out = [];
        cs.forEach(function (c) {
          c.entries.forEach(function (e) { if (e[0].lastIndexOf(w, 0) === 0 && e[0].charAt(0) !== "~") out.push(e); });
        });
        return out;
      });
    });
  }

  // postings: an array of the first id and gaps, or a base64 bitmap
  function each(p, f) {
    if (!p) return;
    if (typeof p === "string") {
      var bin = atob(p);
      for (var i = 0; i < bin.length; i++) {
        for (var c = bin.charCodeAt(i); c; c &= c - 1) f(i * 8 + 31 - Math.clz32(c & -c));
      }
      return;
    }
    for (var j = 0, v = 0; j < p.length; j++) { v += p[j]; f(v); }
  }

  function readState() {
    var u = new URLSearchParams(location.search), st = { q: (u.get("q") || "").trim(), sort: u.get("sort") || "", page: Math.max(1, parseInt(u.get("page"), 10) || 1), year: u.getAll("year").filter(function (y) { return /^\d{4}$/.test(y); }) };
    KEYS.forEach(function (k) { st[k] = u.getAll(k).filter(Boolean); });
    return st;
  }
  function stateURL(st) {
    var u = new URLSearchParams();
    if (st.q) u.append("q", st.q);
    KEYS.concat(["year"]).forEach(function (k) { st[k].forEach(function (v) { u.append(k, v); }); });
    if (st.sort) u.append("sort", st.sort);
    if (st.page > 1) u.append("page", String(st.page));
    var s = u.toString();
    return location.pathname + (s ? "?" + s : "");
  }
  function formState() {
    // the filters of the URL, but those whose boxes were ticked or cleared
    var st = readState();
    st.q = input.value.trim();
    st.sort = sortSel.value === "relevance" ? "" : sortSel.value;
    st.page = 1;
    facetsEl.querySelectorAll("input[type=checkbox]").forEach(function (c) {
      var vs = st[c.name], i = vs.indexOf(c.value);
      if (c.checked && i < 0) vs.push(c.value);
      if (!c.checked && i >= 0) vs.splice(i, 1);
    });
    return st;
  }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  // highlight appends text to el with the words of ts in <mark>
  function highlight(el, text, ts) {
    var out = "", from = [], to = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i)), f = fold(ch);
      for (var j = 0; j < f.length; j++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    var ranges = [];
    ts.forEach(function (t) {
      for (var k = out.indexOf(t); k >= 0; k = out.indexOf(t, k + 1)) ranges.push([from[k], to[k + t.length - 1]]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    ranges.forEach(function (r) {
      if (r[1] <= at) return;
      var start = Math.max(r[0], at);
      if (start > at) el.appendChild(document.createTextNode(text.slice(at, start)));
      el.appendChild(make("mark", "", text.slice(start, r[1])));
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    return el;
  }

  function entityRecord(g) {
    var c = Math.floor(g / meta.ec);
    return part("e/" + c + ".json").then(function (rows) { return rows[g - c * meta.ec] || null; });
  }

  // match computes the briefs of st: ids newest first (or by relevance),
  // the entities whose names match, and where the facets come from
  function match(st) {
    var ws = words(st.q), n = meta.n;
    var wordP = Promise.all(ws.map(function (w, i) { return wordEntries(w, i === ws.length - 1); }));
    var filterP = Promise.all(KEYS.map(function (k, ki) {
      return Promise.all(st[k].map(function (slug) { return entry("~" + meta.k[ki] + "/" + slug); }));
    }));
    return Promise.all([wordP, filterP]).then(function (got) {
      var wes = got[0], fes = got[1], conds = 0;
      var hits = new Uint8Array(n), strong = new Uint8Array(n), seen = new Uint8Array(n);
      var wordCond = true;
      function cond(lists) { // one condition: any of lists
        conds++;
        seen.fill(0);
        lists.forEach(function (l) {
          each(l.s, function (id) { if (!seen[id]) { seen[id] = 2; hits[id]++; } else if (seen[id] === 1) seen[id] = 2; });
          each(l.b, function (id) { if (!seen[id]) { seen[id] = 1; hits[id]++; } });
        });
        if (wordCond) for (var id = 0; id < n; id++) if (seen[id] === 2) strong[id]++;
      }
      wes.forEach(function (es) { cond(es.map(function (e) { return { s: e[1], b: e[2] }; })); });
      wordCond = false;
      fes.forEach(function (es, ki) { if (st[KEYS[ki]].length) cond(es.filter(Boolean).map(function (e) { return { s: e[1], b: e[2] }; })); });
      if (st.year.length) {
        conds++;
        meta.y.forEach(function (y) { if (st.year.indexOf(String(y[0])) >= 0) for (var id = y[1]; id < y[1] + y[2]; id++) hits[id]++; });
      }
      var ids = [];
      if (conds) for (var id = n - 1; id >= 0; id--) if (hits[id] === conds) ids.push(id);
      var byRel = ws.length && st.sort !== "date";
      if (byRel) ids.sort(function (a, b) { return strong[b] - strong[a] || b - a; });
      // entities whose names hold every word
      var ents = null;
      wes.forEach(function (es) {
        var set = new Set();
        es.forEach(function (e) { (e[3] || []).forEach(function (g) { set.add(g); }); });
        ents = ents ? ents.filter(function (g) { return set.has(g); }) : Array.from(set);
      });
      // precomputed facets: one word that is one word of the index, or one
      // entity, and nothing else
      var pre = null, nfilters = KEYS.reduce(function (a, k) { return a + st[k].length; }, 0) + st.year.length;
      if (ws.length === 1 && wes[0].length === 1 && !nfilters) pre = wes[0][0][4];
      if (!ws.length && nfilters === 1 && !st.year.length) fes.forEach(function (es) { if (es.length && es[0]) pre = es[0][4]; });
      var selected = {};
      fes.forEach(function (es) { es.forEach(function (e) { if (e) selected[e[3][0]] = true; }); });
      return { ids: ids, ents: ents || [], pre: pre || null, words: ws, selected: selected, byRel: byRel };
    });
  }

  // facets counts the entities of the briefs ids: from the fragments when
  // they are all on screen, from precomputed counts, or from the facet
  // chunks, when they are few or all is set; counts is null otherwise
  function facets(res, frags, all) {
    var ids = res.ids, counts = new Map(), names = new Map();
    if (ids.length <= meta.ps) {
      frags.forEach(function (f) { f[4].forEach(function (e) { counts.set(e[0], (counts.get(e[0]) || 0) + 1); names.set(e[0], e); }); });
      return Promise.resolve({ counts: counts, names: names, top: null });
    }
    if (res.pre) {
      for (var i = 0; i < res.pre.length; i += 2) counts.set(res.pre[i], res.pre[i + 1]);
      return Promise.resolve({ counts: counts, names: names, top: null });
    }
    var chunks = new Set();
    ids.forEach(function (id) { chunks.add(Math.floor(id / meta.fc)); });
    var cs = Array.from(chunks);
    if (cs.length > AUTO_FACET_CHUNKS && !all) return Promise.resolve({ counts: null, names: names });
    return Promise.all(cs.map(function (c) { return part("f/" + c + ".json"); })).then(function (rows) {
      var byChunk = new Map();
      cs.forEach(function (c, i) { byChunk.set(c, rows[i]); });
      ids.forEach(function (id) {
        var c = Math.floor(id / meta.fc);
        byChunk.get(c)[id - c * meta.fc].forEach(function (g) { counts.set(g, (counts.get(g) || 0) + 1); });
      });
      return { counts: counts, names: names, top: null };
    });
  }

  function renderFacets(st, res, fc, frags) {
    var byKind = [[], [], []];
    if (fc.counts) fc.counts.forEach(function (c, g) { byKind[g % 3].push(g); });
    var shown = [];
    byKind.forEach(function (gs, k) {
      if (fc.counts) gs.sort(function (a, b) { return fc.counts.get(b) - fc.counts.get(a) || a - b; });
      var top = gs.slice(0, 10);
      Object.keys(res.selected).forEach(function (s) { s = +s; if (s % 3 === k && top.indexOf(s) < 0) top.push(s); });
      shown[k] = top;
    });
    var need = [];
    shown.forEach(function (gs) { gs.forEach(function (g) { if (!fc.names.has(g)) need.push(g); }); });
    return Promise.all(need.map(entityRecord)).then(function (recs) {
      need.forEach(function (g, i) { if (recs[i]) fc.names.set(g, [g, recs[i][0], recs[i][1]]); });
      facetsEl.textContent = "";
      if (!fc.counts) {
        var more = facetsEl.appendChild(make("button", "facet-count", "Count the actors, countries and topics of these " + res.ids.length + " briefs"));
        more.type = "button";
        more.id = "search-count-facets";
        more.addEventListener("click", function () {
          more.disabled = true;
          facets(res, frags, true).then(function (all) { return renderFacets(st, res, all, frags); }).then(function () {
            var first = facetsEl.querySelector("input");
            if (first) first.focus();
          });
        });
      }
      shown.forEach(function (gs, k) {
        if (!gs.length) return;
        var fs = facetsEl.appendChild(make("fieldset", "facet")), ul = make("ul");
        fs.appendChild(make("legend", "", KINDS[k]));
        gs.forEach(function (g) {
          var e = fc.names.get(g);
          if (!e) return;
          ul.appendChild(checkbox(KEYS[k], e[2], e[1], fc.counts ? fc.counts.get(g) || 0 : null, st[KEYS[k]].indexOf(e[2]) >= 0));
        });
        fs.appendChild(ul);
      });
      var years = [];
      meta.y.forEach(function (y) {
        var c = 0;
        res.ids.forEach(function (id) { if (id >= y[1] && id < y[1] + y[2]) c++; });
        if (c || st.year.indexOf(String(y[0])) >= 0) years.push([String(y[0]), c]);
      });
      if (years.length) {
        var fs = facetsEl.appendChild(make("fieldset", "facet")), ul = make("ul");
        fs.appendChild(make("legend", "", "Years"));
        years.reverse().forEach(function (y) { ul.appendChild(checkbox("year", y[0], y[0], y[1], st.year.indexOf(y[0]) >= 0)); });
        fs.appendChild(ul);
      }
    });
  }
  function checkbox(name, value, label, count, checked) {
    var li = make("li"), lab = make("label"), box = make("input");
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = checked;
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(" " + label + " "));
    if (count !== null) lab.appendChild(make("span", "count", "(" + count + ")"));
    li.appendChild(lab);
    return li;
  }

  function renderEntities(res) {
    entList.textContent = "";
    if (!res.words.length || !res.ents.length) return Promise.resolve();
    return Promise.all(res.ents.map(entityRecord)).then(function (recs) {
      var es = res.ents.map(function (g, i) { return { g: g, r: recs[i] }; }).filter(function (e) { return e.r; });
      es.sort(function (a, b) { return b.r[2] - a.r[2] || a.g - b.g; });
      es.slice(0, MAX_ENTITIES).forEach(function (e) {
        var li = make("li", "result entity-result"), a = make("a");
        a.href = base + meta.k[e.g % 3] + "/" + e.r[1] + "/";
        highlight(a, e.r[0], res.words);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(make("span", "kind", KIND1[e.g % 3] + " · " + e.r[2] + (e.r[2] === 1 ? " brief" : " briefs")));
        if (e.r[3] && e.r[3].length) highlight(li.appendChild(make("span", "aka")), " also " + e.r[3].join(", "), res.words);
        entList.appendChild(li);
      });
    });
  }

  function renderBriefs(res, frags) {
    list.textContent = "";
    frags.forEach(function (f) {
      var li = make("li", "result brief-result"), a = make("a"), meta2 = make("p", "meta"), time = make("time", "", f[1]);
      time.dateTime = f[1];
      meta2.appendChild(time);
      li.appendChild(meta2);
      a.href = base + "briefs/" + f[2] + "/";
      highlight(a, f[0], res.words);
      li.appendChild(make("h2")).appendChild(a);
      if (f[3]) highlight(li.appendChild(make("p", "summary")), f[3], res.words);
      var named = f[4].filter(function (e) {
        var n = fold(e[1]);
        return res.words.some(function (w) { return n.indexOf(w) >= 0; }) || res.selected[e[0]] || res.ents.indexOf(e[0]) >= 0;
      });
      if (named.length) highlight(li.appendChild(make("p", "names")), "Names " + named.map(function (e) { return e[1]; }).join(", "), res.words);
      list.appendChild(li);
    });
  }

  function renderPager(st, pages) {
    pager.textContent = "";
    if (pages <= 1) return;
    function link(label, page, rel) {
      var s = Object.assign({}, st, { page: page });
      var a = make("a", "", label);
      a.href = stateURL(s);
      if (rel) a.rel = rel;
      a.setAttribute("data-page", String(page));
      return a;
    }
    if (st.page > 1) { pager.appendChild(link("First", 1)); pager.appendChild(link("Previous", st.page - 1, "prev")); }
    pager.appendChild(make("span", "page", "Page " + st.page + " of " + pages));
    if (st.page < pages) { pager.appendChild(link("Next", st.page + 1, "next")); pager.appendChild(link("Last", pages)); }
  }

  function describe(st, total) {
    var what = st.q ? "“" + st.q + "”" : "the filters";
    return total === 0 ? "No brief matches " + what + "." : total + (total === 1 ? " brief matches " : " briefs match ") + what + ".";
  }

  function run() {
    var st = readState(), me = ++runNo;
    input.value = st.q;
    sortSel.value = st.sort === "date" ? "date" : "relevance";
    list.removeAttribute("data-total");
    if (!st.q && !KEYS.some(function (k) { return st[k].length; }) && !st.year.length) {
      status.textContent = "";
      list.textContent = entList.textContent = facetsEl.textContent = pager.textContent = "";
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    return loadMeta().then(function () { return match(st); }).then(function (res) {
      if (me !== runNo) return;
      var pages = Math.max(1, Math.ceil(res.ids.length / meta.ps));
      st.page = Math.min(st.page, pages);
      var onPage = res.ids.length <= meta.ps ? res.ids : res.ids.slice((st.page - 1) * meta.ps, st.page * meta.ps);
      return Promise.all(onPage.map(function (id) { return part("d/" + id + ".json"); })).then(function (frags) {
        if (me !== runNo) return;
        return facets(res, frags).then(function (fc) {
          if (me !== runNo) return;
          return Promise.all([renderFacets(st, res, fc, frags), renderEntities(res)]).then(function () {
            if (me !== runNo) return;
            renderBriefs(res, frags);
            renderPager(st, pages);
            list.setAttribute("data-total", String(res.ids.length));
            status.textContent = describe(st, res.ids.length) + (pages > 1 ? " Page " + st.page + " of " + pages + "." : "");
          });
        });
      });
    }).catch(function () {
      if (me === runNo) status.textContent = "The search index could not be loaded.";
    });
  }

  function go(st, push) {
    var url = stateURL(st);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    return run();
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { go(formState(), false); }, 150);
  });
  input.addEventListener("focus", function () { loadMeta().catch(function () {}); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); go(formState(), true); });
  form.addEventListener("change", function (e) {
    if (e.target === input) return;
    clearTimeout(timer);
    go(formState(), true);
  });
  pager.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-page]");
    if (!a) return;
    e.preventDefault();
    history.pushState(null, "", a.getAttribute("href"));
    run();
    list.focus();
  });
  window.addEventListener("popstate", run);
  // the arrow keys move between the search box and the result links
  root.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" || e.target.tagName === "SELECT" || e.target.type === "checkbox") return;
    var links = Array.prototype.slice.call(root.querySelectorAll("#search-entities a, #search-results a"));
    if (!links.length) return;
    var i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown") i = Math.min(i + 1, links.length - 1);
    else if (i <= 0) { input.focus(); e.preventDefault(); return; } else i--;
    links[i].focus();
    e.preventDefault();
  });
  run();
})();
