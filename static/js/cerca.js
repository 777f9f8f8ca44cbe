// The search page (/cerca/), enhanced: results follow the reader as they
// type or change a filter, without reloading the page. The page works
// without this script: the form submits to /cerca/ and the server renders
// the same markup this script builds (layouts/search.html).
//
// Requests go to the form's data-api (/api/search) with the form's own
// parameters; the address bar keeps the search (replaceState while typing,
// pushState for filters, sorting, pages and submit), and the back button
// restores it. The filter counts, the number chosen in each group and the
// list of active filters (each a link that removes it) follow every
// answer, as do the date ranges (their quick choices, links with their
// counts, the current one marked, and their date fields with the
// server's message for a date it could not read) and the orders offered
// as links; the groups stay open or folded as the reader left them. Text from the server is placed with text nodes only: the
// snippet, HTML-escaped by the server with <mark> around the words found,
// is split on its <mark> tags and its entities decoded, never parsed as
// markup.
(() => {
  "use strict";

  const form = document.getElementById("ricerca");
  const list = document.getElementById("risultati-voci");
  const status = document.getElementById("risultati-conta");
  if (!form || !list || !status || !window.fetch || !window.AbortController) {
    return;
  }
  const page = form.getAttribute("action") || "/cerca/";
  const input = form.elements.namedItem("q");
  const sortSelect = () => form.elements.namedItem("sort");
  const section = list.parentElement;
  // The order applies as soon as it is chosen: its button is for pages
  // without this script.
  for (const b of form.querySelectorAll(".ricerca-ordina")) {
    b.hidden = true;
  }

  // How many values of one filter are shown: the most frequent, and every
  // selected one (the server's maxShownValues).
  const MAX_SHOWN = 15;
  const DEBOUNCE_MS = 200;
  const NETWORK_ERROR = "La ricerca non ha risposto: controlla la connessione e riprova.";

  // The sort order counts as chosen only when the reader picked it (or
  // the address carries it); otherwise the server's default applies:
  // relevance with words, newest first without.
  let sortChosen = new URLSearchParams(location.search).has("sort");
  let timer = 0;
  let inflight = null;

  // The part of the document title after "Cerca «q»".
  const titleSuffix = (() => {
    const head = titleHead(input ? input.value.trim() : "");
    return document.title.startsWith(head) ? document.title.slice(head.length) : null;
  })();

  function titleHead(q) {
    return q ? "Cerca «" + q + "»" : "Cerca";
  }

  // The date ranges: the parameters of each group (its quick choice
  // first), and what a day looks like.
  const RANGE_PARAMS = { scade_entro: ["scade_entro"], quando: ["quando", "dal", "al"] };
  const DAY = /^\d{4}-\d{2}-\d{2}$/;
  const RANGE_FIELDS = new Set(Object.values(RANGE_PARAMS).flat());

  // params is the search the form describes now, as URL parameters. A
  // day typed in a range's field replaces the quick choice in force,
  // which a hidden field carries.
  function params() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (typeof v === "string" && !(k === "sort" && !sortChosen) && !(RANGE_FIELDS.has(k) && v === "")) {
        p.append(k, v);
      }
    }
    const closing = p.getAll("scade_entro");
    const day = closing.find((v) => DAY.test(v));
    if (day) {
      p.set("scade_entro", day);
    }
    if (p.get("dal") || p.get("al")) {
      p.delete("quando");
    }
    if (!p.has("q")) {
      p.set("q", "");
    }
    return p;
  }

  // setCarry sets the hidden field of a range's group to the quick
  // choice value, or removes it ("").
  function setCarry(group, key, value) {
    let carry = group.querySelector("input[type=hidden][name=\"" + CSS.escape(key) + "\"]");
    if (!value) {
      if (carry) {
        carry.remove();
      }
      return;
    }
    if (!carry) {
      carry = el("input", { type: "hidden", name: key });
      group.querySelector(".filtro-scelte").after(carry);
    }
    carry.value = value;
  }

  // syncRanges sets the date ranges' fields from URL parameters.
  function syncRanges(p) {
    for (const group of form.querySelectorAll("[data-intervallo]")) {
      const key = group.dataset.intervallo;
      const days = new Set();
      for (const field of group.querySelectorAll("input[type=date]")) {
        const v = p.getAll(field.name).find((x) => DAY.test(x)) || "";
        field.value = v;
        if (v) {
          days.add(field.name);
        }
      }
      const quick = p.getAll(key).find((x) => !DAY.test(x)) || "";
      setCarry(group, key, days.size ? "" : quick);
    }
  }

  // syncForm sets the form's controls from URL parameters.
  function syncForm(p) {
    if (input) {
      input.value = p.get("q") || "";
    }
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      box.checked = p.getAll(box.name).includes(box.value);
    }
    sortChosen = p.has("sort");
    if (sortSelect() && sortChosen) {
      sortSelect().value = p.get("sort");
    }
    syncRanges(p);
  }

  // number writes n with the Italian thousands separator: 1.234.
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // countText is the sentence above the results, worded as the server's.
  function countText(res) {
    const q = res.query ? " per «" + res.query + "»" : "";
    if (!res.total) {
      return "Nessun risultato" + q + ". Prova con meno parole o togli qualche filtro.";
    }
    const found = res.total === 1 ? "1 scheda trovata" : number(res.total) + " schede trovate";
    const of = res.pages > 1 ? ", pagina " + res.page + " di " + res.pages : "";
    return found + q + of;
  }

  // suggestion is the "Forse cercavi" link of res, as the server writes
  // it: a real link to the results page of the words suggested (a click
  // is a search, as the pager's links are); none when there is none.
  function suggestion(res) {
    const s = res.suggestion;
    if (!s || !s.url || !s.query) {
      return [];
    }
    return [" ", el("span", { class: "forse-cercavi" }, "Forse cercavi: ", el("a", { href: s.url }, s.query), "?")];
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      node.setAttribute(k, v);
    }
    node.append(...children);
    return node;
  }

  const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": "\"", "&#34;": "\"", "&#39;": "'" };

  function decode(s) {
    return s.replace(/&(?:lt|gt|amp|quot|#34|#39);/g, (e) => ENTITIES[e]);
  }

  // snippet turns the server's escaped snippet into text nodes, with the
  // words found in <mark> elements.
  function snippet(html) {
    const out = [];
    let marked = false;
    for (const part of html.split(/(<mark>|<\/mark>)/)) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
      } else if (part) {
        const text = decode(part);
        out.push(marked ? el("mark", null, text) : document.createTextNode(text));
      }
    }
    return out;
  }

  // hit is one result, as layouts/search.html writes it.
  function hit(h) {
    const meta = el("p", { class: "voce-meta" });
    if (h.status) {
      meta.append(el("span", { class: "stato stato-" + h.status }, h.status_text || h.status_label || ""), " ");
    }
    if (h.section_label) {
      meta.append(el("span", { class: "voce-sezione" }, h.section_label), " ");
    }
    if (h.date_text) {
      meta.append(el("span", null, "Pubblicato " + (h.date_article || "il "), el("time", { datetime: h.date }, h.date_text)));
    }
    const li = el("li", { class: "voce" }, "\n", el("h3", { class: "voce-titolo" }, el("a", { href: h.url }, h.title)), "\n", meta);
    if (h.snippet) {
      li.append("\n", el("p", { class: "voce-sommario" }, ...snippet(h.snippet)));
    }
    li.append("\n");
    return li;
  }

  // link is the results page for p with one parameter changed.
  function link(p, key, value) {
    const q = new URLSearchParams(p);
    if (value) {
      q.set(key, value);
    } else {
      q.delete(key);
    }
    return page + "?" + q.toString();
  }

  // pager is the navigation between pages of results, as
  // layouts/partials/pager.html writes it; null for one page.
  function pager(res, p) {
    if (res.pages <= 1) {
      return null;
    }
    const prev = el("li", { class: "paginazione-prec" });
    if (res.page > 1) {
      prev.append(el("a", { rel: "prev", href: link(p, "page", res.page > 2 ? String(res.page - 1) : "") },
        el("span", { "aria-hidden": "true" }, "‹ "), "Pagina precedente"));
    }
    const next = el("li", { class: "paginazione-succ" });
    if (res.page < res.pages) {
      next.append(el("a", { rel: "next", href: link(p, "page", String(res.page + 1)) },
        "Pagina successiva", el("span", { "aria-hidden": "true" }, " ›")));
    }
    const here = el("li", { class: "paginazione-qui" }, "Pagina " + res.page + " di " + res.pages);
    return el("nav", { class: "paginazione", "aria-label": "Paginazione" },
      "\n", el("ul", null, "\n", prev, "\n", here, "\n", next, "\n"), "\n");
  }

  // filterValue is one choice of a filter group.
  function filterValue(key, v) {
    return el("label", { class: "filtro-voce" },
      el("input", { type: "checkbox", name: key, value: v.value }), " " + v.label + " ",
      el("span", { class: "filtro-conta", "data-conta": key + "/" + v.value }, String(v.count)));
  }

  // setCount writes the count of one value, adding its counter if the
  // page had none (the page the build writes shows no counts).
  function setCount(label, key, value, count) {
    let span = label.querySelector(".filtro-conta");
    if (!span) {
      span = el("span", { class: "filtro-conta", "data-conta": key + "/" + value });
      label.append(" ", span);
    }
    span.textContent = String(count);
  }

  // setHidden hides node or shows it again. The stylesheet gives filter
  // values a display of their own, which the hidden attribute alone
  // would not override.
  function setHidden(node, hide) {
    node.hidden = hide;
    node.style.display = hide ? "none" : "";
  }

  // missingGroups reports whether the response has values of a filter
  // group that the page does not show at all.
  function missingGroups(res) {
    return Object.keys(res.facets || {}).some((key) => key !== "aperte" &&
      res.facets[key].some((v) => v.count > 0) &&
      !form.querySelector("[data-filtro=\"" + CSS.escape(key) + "\"]")) ||
      (res.ranges || []).some((g) => !form.querySelector("[data-intervallo=\"" + CSS.escape(g.key) + "\"]"));
  }

  // plural is n with the word for one or for many, as the server's.
  function plural(n, one, many) {
    return n === 1 ? "1 " + one : number(n) + " " + many;
  }

  // groupName is the name of a filter group, as the page shows it.
  function groupName(key) {
    const sel = key === "aperte" ? "[data-gruppo=aperte]" : "[data-filtro=\"" + CSS.escape(key) + "\"]";
    return nameIn(sel);
  }

  // nameIn is the name of the filter group sel, as the page shows it.
  function nameIn(sel) {
    const name = form.querySelector(sel + " .filtro-nome");
    return name ? name.textContent.trim() : "";
  }

  // without is p without the parameters keys, and back on page 1.
  function without(p, keys) {
    const q = new URLSearchParams();
    for (const [k, v] of p) {
      if (k !== "page" && !keys.includes(k)) {
        q.append(k, v);
      }
    }
    return q;
  }

  // updateRanges brings the date ranges in line with the response: the
  // link and count of each quick choice, the current one marked, the
  // hidden field that carries it, the days chosen and the messages about
  // days the server could not read.
  function updateRanges(res) {
    const groups = [];
    for (const g of res.ranges || []) {
      const group = form.querySelector("[data-intervallo=\"" + CSS.escape(g.key) + "\"]");
      if (!group) {
        continue;
      }
      const chosen = (g.choices || []).find((c) => c.selected);
      const current = chosen ? chosen.value : "";
      setCarry(group, g.key, current);
      const errors = g.errors || {};
      for (const field of group.querySelectorAll("input[type=date]")) {
        field.value = current ? "" : (field.name === "dal" ? g.from : g.to) || "";
        const id = field.id + "-errore";
        let msg = document.getElementById(id);
        if (errors[field.name]) {
          if (!msg) {
            msg = el("span", { class: "filtro-errore", id });
            field.after(msg);
          }
          msg.textContent = errors[field.name];
          field.setAttribute("aria-invalid", "true");
          field.setAttribute("aria-describedby", id);
        } else {
          if (msg) {
            msg.remove();
          }
          field.removeAttribute("aria-invalid");
          field.removeAttribute("aria-describedby");
        }
      }
      groups.push([g, group]);
    }
    // The links lead from the search as the server understood it: the
    // fields now hold only the days it read.
    const p = params();
    for (const [g, group] of groups) {
      const rest = without(p, RANGE_PARAMS[g.key] || [g.key]);
      const items = [];
      for (const c of g.choices || []) {
        const q = new URLSearchParams(rest);
        q.set(g.key, c.value);
        const a = el("a", { href: page + "?" + q.toString(), "data-scelta": c.value }, c.label);
        if (c.selected) {
          a.setAttribute("aria-current", "true");
        }
        items.push("\n", el("li", null, a, " ",
          el("span", { class: "filtro-conta", "data-conta": g.key + "/" + c.value }, String(c.count))));
      }
      group.querySelector(".filtro-scelte").replaceChildren(...items, "\n");
    }
  }

  // updateSorts points the orders' links at the search p in each order,
  // the current one marked.
  function updateSorts(p, sort) {
    for (const a of form.querySelectorAll("a[data-ordine]")) {
      const q = without(p, ["sort"]);
      q.set("sort", a.dataset.ordine);
      a.setAttribute("href", page + "?" + q.toString());
      if (a.dataset.ordine === sort) {
        a.setAttribute("aria-current", "true");
      } else {
        a.removeAttribute("aria-current");
      }
    }
  }

  // updateFilters brings the counts and choices of every filter group in
  // line with the response: counts of values it lacks become 0; values
  // with nothing to give are hidden unless selected; new values are added.
  function updateFilters(res) {
    const facets = res.facets || {};
    const open = (facets.aperte || [])[0];
    for (const box of form.querySelectorAll("input[name=aperte]")) {
      setCount(box.closest("label"), "aperte", box.value, open ? open.count : 0);
    }
    for (const group of form.querySelectorAll("[data-filtro]")) {
      const key = group.dataset.filtro;
      const values = facets[key] || [];
      const rank = new Map(values.map((v, i) => [v.value, i]));
      const shown = new Set();
      for (const box of group.querySelectorAll("input[type=checkbox]")) {
        const i = rank.get(box.value);
        const v = i === undefined ? null : values[i];
        const label = box.closest("label");
        setCount(label, key, box.value, v ? v.count : 0);
        setHidden(label, !box.checked && !(v && v.count > 0 && i < MAX_SHOWN));
        shown.add(box.value);
      }
      const fields = group.querySelector("fieldset") || group;
      values.forEach((v, i) => {
        if (!shown.has(v.value) && v.count > 0 && i < MAX_SHOWN) {
          fields.append(filterValue(key, v));
        }
      });
      setHidden(group, !group.querySelector("label:not([hidden])"));
    }
    updateRanges(res);
    updateChosen(res);
    if (sortSelect() && !sortChosen && res.sort) {
      sortSelect().value = res.sort;
    }
    updateSorts(params(), res.sort);
  }

  // updateChosen shows what is chosen: how many values in each group and
  // in all, and the active filters, each a link to the search without it,
  // as the server writes them.
  function updateChosen(res) {
    const p = params();
    const active = [];
    const ranges = new Map((res.ranges || []).map((g) => [g.key, g]));
    for (const group of form.querySelectorAll("[data-filtro], [data-gruppo], [data-intervallo]")) {
      if (group.dataset.intervallo) {
        const key = group.dataset.intervallo;
        const g = ranges.get(key);
        const count = group.querySelector(".filtro-scelti");
        if (count) {
          count.textContent = g && g.chosen ? " (1 scelto)" : "";
        }
        if (g && g.chosen) {
          active.push(el("li", null, el("a", { href: page + "?" + without(p, RANGE_PARAMS[key] || [key]).toString() },
            el("span", { class: "vh" }, "Togli il filtro "), (nameIn("[data-intervallo=\"" + CSS.escape(key) + "\"]") || g.label) + ": " + g.chosen,
            el("span", { class: "filtri-attivi-togli", "aria-hidden": "true" }, "×"))));
        }
        continue;
      }
      const key = group.dataset.filtro || group.dataset.gruppo;
      const chosen = [...group.querySelectorAll("input[type=checkbox]")].filter((b) => b.checked);
      const count = group.querySelector(".filtro-scelti");
      if (count) {
        count.textContent = chosen.length ? " (" + plural(chosen.length, "scelto", "scelti") + ")" : "";
      }
      for (const box of chosen) {
        const v = ((res.facets || {})[key] || []).find((x) => x.value === box.value);
        const label = v ? v.label : box.value;
        const without = new URLSearchParams();
        for (const [k, val] of p) {
          if (k !== "page" && !(k === key && val === box.value)) {
            without.append(k, val);
          }
        }
        active.push(el("li", null, el("a", { href: page + "?" + without.toString() },
          el("span", { class: "vh" }, "Togli il filtro "), (groupName(key) || key) + ": " + label,
          el("span", { class: "filtri-attivi-togli", "aria-hidden": "true" }, "×"))));
      }
    }
    const total = form.querySelector("#filtri-quanti");
    if (total) {
      total.textContent = active.length ? " (" + plural(active.length, "attivo", "attivi") + ")" : "";
    }
    const box = document.getElementById("filtri-attivi");
    if (!box) {
      return;
    }
    const ul = box.querySelector("ul");
    ul.replaceChildren(...active.flatMap((li) => ["\n", li]));
    let all = box.querySelector(".filtri-attivi-tutti");
    if (active.length) {
      const keep = new URLSearchParams({ q: p.get("q") || "" });
      if (p.has("sort")) {
        keep.set("sort", p.get("sort"));
      }
      if (!all) {
        all = el("p", { class: "filtri-attivi-tutti" }, el("a", null, "Togli tutti i filtri"));
        box.append(all);
      }
      all.querySelector("a").setAttribute("href", page + "?" + keep.toString());
    } else if (all) {
      all.remove();
    }
    box.hidden = !active.length;
  }

  // adoptFilters replaces the filter panel with the one the server renders
  // for p: how the page learns the names of filter groups it did not show
  // (the page the build writes has none). The markup is the site's own,
  // escaped by its templates; the form keeps its other controls and the
  // focus stays where it was.
  async function adoptFilters(p, signal) {
    const resp = await fetch(page + "?" + p.toString(), { signal, headers: { Accept: "text/html" } });
    if (!resp.ok) {
      return;
    }
    const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
    const fresh = doc.getElementById("filtri");
    const old = document.getElementById("filtri");
    if (!fresh || !old) {
      return;
    }
    const active = document.activeElement;
    const focus = active && old.contains(active) && active.name ? [active.name, active.value] : null;
    // The panel and its groups stay open or folded as the reader left them.
    fresh.open = old.open;
    for (const g of fresh.querySelectorAll("[data-filtro], [data-gruppo], [data-intervallo]")) {
      const key = g.dataset.filtro || g.dataset.gruppo || g.dataset.intervallo;
      const before = old.querySelector("[data-filtro=\"" + CSS.escape(key) + "\"], [data-gruppo=\"" + CSS.escape(key) + "\"], [data-intervallo=\"" + CSS.escape(key) + "\"]");
      if (before) {
        g.open = before.open;
      }
    }
    old.replaceWith(document.importNode(fresh, true));
    if (focus) {
      for (const c of form.querySelectorAll("[name=\"" + CSS.escape(focus[0]) + "\"]")) {
        if (c.value === focus[1] || c.tagName === "SELECT") {
          c.focus();
          break;
        }
      }
    }
  }

  // show puts a response on the page.
  function show(res, p) {
    list.replaceChildren(...(res.hits || []).flatMap((h) => ["\n", hit(h)]));
    const old = section.querySelector("nav.paginazione");
    const nav = pager(res, p);
    if (old && nav) {
      old.replaceWith(nav);
    } else if (old) {
      old.remove();
    } else if (nav) {
      list.after(nav);
    }
    // The count and the "Forse cercavi" link in the live region: read
    // out together, as the server writes them.
    status.replaceChildren(countText(res), ...suggestion(res));
    if (titleSuffix !== null) {
      document.title = titleHead(res.query) + titleSuffix;
    }
  }

  // search runs the search p and shows it; how says what happens to the
  // address: "push" (a new history entry), "replace", or "" (it already
  // is p: back and forward).
  async function search(p, how) {
    clearTimeout(timer);
    if (inflight) {
      inflight.abort();
    }
    const ctl = new AbortController();
    inflight = ctl;
    const url = page + "?" + p.toString();
    if (how === "push" && url !== location.pathname + location.search) {
      history.pushState(null, "", url);
    } else if (how) {
      history.replaceState(null, "", url);
    }
    section.setAttribute("aria-busy", "true");
    try {
      const api = form.dataset.api || "/api/search";
      const resp = await fetch(api + "?" + p.toString(), { signal: ctl.signal, headers: { Accept: "application/json" } });
      let res = null;
      try {
        res = await resp.json();
      } catch (e) {
        res = null;
      }
      if (!resp.ok || !res || !Array.isArray(res.hits)) {
        status.textContent = (res && res.error) || NETWORK_ERROR;
        return;
      }
      if (missingGroups(res)) {
        await adoptFilters(p, ctl.signal);
      }
      if (ctl.signal.aborted) {
        return;
      }
      show(res, p);
      updateFilters(res);
    } catch (e) {
      if (e.name !== "AbortError") {
        status.textContent = NETWORK_ERROR;
      }
    } finally {
      if (inflight === ctl) {
        inflight = null;
        section.removeAttribute("aria-busy");
      }
    }
  }

  form.addEventListener("input", (e) => {
    if (e.target !== input) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => search(params(), "replace"), DEBOUNCE_MS);
  });

  form.addEventListener("change", (e) => {
    const t = e.target;
    if (t === input) {
      return; // typing is handled by input; Enter submits
    }
    if (t.name === "sort") {
      sortChosen = true;
    }
    if (t.matches("input[type=checkbox], input[type=date], select")) {
      search(params(), "push");
    }
  });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    search(params(), "push");
  });

  // The pager's links and "Togli tutti i filtri" are searches too.
  form.addEventListener("click", (e) => {
    const a = e.target.closest("a[href]");
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin || u.pathname !== page) {
      return;
    }
    e.preventDefault();
    syncForm(u.searchParams);
    search(u.searchParams, "push");
  });

  window.addEventListener("popstate", () => {
    if (location.pathname !== page) {
      return;
    }
    if (!location.search) {
      // The page before any search is the one the build wrote.
      location.reload();
      return;
    }
    const p = new URLSearchParams(location.search);
    syncForm(p);
    if (!p.has("q")) {
      p.set("q", "");
    }
    search(p, "");
  });
})();
