// Sitrep entity previews: hovering or focusing a link to an actor, country
// or topic page shows a small card (name, kind, role, country, summary,
// number of briefs) read from that page's preview.json. Escape, moving
// away or leaving the link closes it. Without JavaScript the links are
// plain links.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.fetch) return;
  var base = me.getAttribute("data-base") || "/";
  var entityPath = new RegExp("^" + base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(actors|countries|topics)/(?!by-count/)[^/]+/$");
  var cache = {}, tip = null, current = null, pending = null, timer = 0;
  var kinds = { actor: "Actor", country: "Country", topic: "Topic" };

  function entityLink(el) {
    var a = el && el.closest ? el.closest("a[href]") : null;
    if (!a || a.origin !== location.origin || a.hash || !entityPath.test(a.pathname) || a.pathname === location.pathname) return null;
    return a;
  }

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(path + "preview.json").then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function card() {
    if (!tip) {
      tip = el("div", "entity-preview");
      tip.id = "entity-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
      tip.addEventListener("mouseleave", function () { later(hide); });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(a) {
    pending = a;
    get(a.pathname).then(function (p) {
      if (pending !== a) return;
      hide();
      var t = card();
      t.textContent = "";
      t.appendChild(el("p", "preview-name", p.name));
      var facts = [kinds[p.kind] || p.kind, p.role, p.country].filter(Boolean).join(" · ");
      t.appendChild(el("p", "preview-facts", facts));
      if (p.summary) t.appendChild(el("p", "preview-summary", p.summary));
      t.appendChild(el("p", "preview-count", p.briefs === 1 ? "1 brief" : p.briefs + " briefs"));
      t.hidden = false;
      var r = a.getBoundingClientRect(), w = Math.min(t.offsetWidth, document.documentElement.clientWidth - 16);
      var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
      t.style.left = left + window.scrollX + "px";
      t.style.top = r.bottom + window.scrollY + 6 + "px";
      a.setAttribute("aria-describedby", t.id);
      current = a;
    }, function () { /* no preview: the link still works */ });
  }

  function hide() {
    pending = null;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (tip) tip.hidden = true;
  }

  function later(f, a) {
    clearTimeout(timer);
    timer = setTimeout(function () { f(a); }, f === hide ? 250 : 200);
  }

  document.addEventListener("mouseover", function (e) {
    var a = entityLink(e.target);
    if (a && a !== current) later(show, a);
    else if (a) clearTimeout(timer);
  });
  document.addEventListener("mouseout", function (e) {
    var a = entityLink(e.target);
    if (a && (a === current || a === pending)) later(hide);
  });
  document.addEventListener("focusin", function (e) {
    var a = entityLink(e.target);
    clearTimeout(timer);
    if (a) show(a); else hide();
  });
  document.addEventListener("focusout", function (e) {
    if (entityLink(e.target)) { clearTimeout(timer); hide(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && (current || pending)) { clearTimeout(timer); hide(); }
  });
})();
