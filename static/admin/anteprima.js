/* The editing UI's own additions to Decap CMS, loaded before decap-cms.js
   by index.html.

   - The preview beside the form is the page as the site will show it:
     at every pause in the typing the entry is sent to /api/anteprima,
     where the generator itself (`go run ./generator serve` on a
     computer, a Netlify Function on the site) renders it with the site's
     layouts and checks it as the build does; the page is shown in a
     sandboxed frame (no script runs in it), and the problems the build
     would report are listed above it, in Italian.
   - The "Opzioni avanzate" group (widget "avanzate", config.yml) shows
     fields the files keep at the top level of the front matter, and puts
     them back there when the entry is saved.

   No framework and no build step: Decap's own React (window.h,
   window.createClass) draws the components. */
(function () {
  "use strict";

  // Decap starts once the preview templates are registered (start).
  window.CMS_MANUAL_INIT = true;

  var ENDPOINT = "/api/anteprima";
  // The pause in the typing after which the preview is asked for.
  var PAUSE = 150;
  var GROUP = "avanzate";

  // plain turns Decap's Immutable values into plain ones, and dates into
  // the text the files hold.
  function plain(v) {
    if (v && typeof v.toJS === "function") {
      v = v.toJS();
    }
    if (v instanceof Date) {
      // A YAML date without a time comes as midnight UTC: the day.
      if (isNaN(v)) {
        return "";
      }
      var iso = v.toISOString();
      return iso.slice(10) === "T00:00:00.000Z" ? iso.slice(0, 10) : iso;
    }
    if (Array.isArray(v)) {
      return v.map(plain);
    }
    if (v && typeof v === "object") {
      var o = {};
      Object.keys(v).forEach(function (k) { o[k] = plain(v[k]); });
      return o;
    }
    return v;
  }

  // isEmpty says whether a value is left out of the file.
  function isEmpty(v) {
    if (v === undefined || v === null || v === "") {
      return true;
    }
    if (typeof v.size === "number" && typeof v.toJS === "function") {
      return v.size === 0;
    }
    return Array.isArray(v) && v.length === 0;
  }

  // flatten returns the entry's data (an Immutable Map) with the fields
  // of the advanced group at the top level, where the files keep them.
  function flatten(data) {
    var group = data && data.get(GROUP);
    if (!data || group === undefined) {
      return data;
    }
    if (group && typeof group.forEach === "function") {
      group.forEach(function (v, k) {
        data = isEmpty(v) ? data.delete(k) : data.set(k, v);
      });
    }
    return data.delete(GROUP);
  }

  // request is what the preview endpoint needs of the entry.
  function request(props) {
    var entry = props.entry;
    var media = [];
    var files = entry.get("mediaFiles");
    if (files && files.forEach) {
      files.forEach(function (f) {
        var p = f.get ? f.get("path") : f.path;
        var url = p && p.replace(/^static\//, "/");
        if (url) {
          media.push(url);
        }
      });
    }
    return {
      collection: props.collection.get("name"),
      path: entry.get("path") || "",
      slug: entry.get("newRecord") ? "" : entry.get("slug") || "",
      data: plain(entry.get("data")) || {},
      media: media
    };
  }

  var h, createClass;

  // problemItem is one diagnostic, as the terminal prints it.
  function problemItem(d, i) {
    var head = [h("strong", { key: "c" }, d.severity + " " + d.code)];
    if (d.where) {
      head.push(" · ", h("span", { key: "w", className: "dove" }, d.where));
    }
    head.push(" · ", h("span", { key: "l", className: "posizione" }, d.location));
    var parts = [
      h("p", { key: "h", className: "testa" }, head),
      h("p", { key: "m", className: "messaggio" }, d.message)
    ];
    if (d.snippet) {
      parts.push(h("pre", { key: "s" }, d.snippet));
    }
    if (d.fix) {
      parts.push(h("p", { key: "f", className: "correzione" }, [h("strong", { key: "t" }, "Come correggere:"), " " + d.fix]));
    }
    if (d.guide) {
      parts.push(h("p", { key: "g", className: "guida" },
        h("a", { href: d.guide, target: "_blank", rel: "noopener" }, "Che cosa vuol dire " + d.code + " (guida)")));
    }
    return h("li", { key: i, className: "problema problema-" + d.severity }, parts);
  }

  // problems is the box above the page: what the build would say.
  function problems(state) {
    if (state.failure) {
      return h("section", { className: "anteprima-stato anteprima-guasto", role: "status" },
        h("p", null, state.failure));
    }
    var r = state.response;
    if (!r) {
      return h("section", { className: "anteprima-stato", role: "status" }, h("p", null, "Preparo l'anteprima…"));
    }
    if (!r.diagnostics || r.diagnostics.length === 0) {
      return h("section", { className: "anteprima-stato anteprima-ok", role: "status" },
        h("p", null, "Nessun problema: la scheda si può pubblicare così."));
    }
    var title = r.errors > 0
      ? r.summary + ": la scheda non si può pubblicare così."
      : r.summary + ": la scheda si può pubblicare, ma guarda qui sotto.";
    return h("section", { className: "anteprima-stato anteprima-problemi", role: "status", "aria-live": "polite" }, [
      h("h2", { key: "t" }, title),
      h("ol", { key: "l" }, r.diagnostics.map(problemItem))
    ]);
  }

  function definePreview() {
    return createClass({
      getInitialState: function () {
        return { response: null, failure: "" };
      },
      componentDidMount: function () {
        this.scrollY = 0;
        // After the pause too: the form's widgets fill their defaults
        // (today's date for a new entry) when they mount.
        this.timer = setTimeout(this.ask, PAUSE);
      },
      componentDidUpdate: function (prev) {
        if (prev.entry !== this.props.entry) {
          clearTimeout(this.timer);
          this.timer = setTimeout(this.ask, PAUSE);
        }
      },
      componentWillUnmount: function () {
        this.gone = true;
        clearTimeout(this.timer);
        if (this.pending) {
          this.pending.abort();
        }
      },
      // ask sends the entry, dropping the answer to an older request.
      ask: function () {
        var self = this;
        if (self.pending) {
          self.pending.abort();
        }
        var ctrl = new AbortController();
        self.pending = ctrl;
        fetch(ENDPOINT, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(request(self.props)),
          credentials: "same-origin",
          signal: ctrl.signal
        }).then(function (resp) {
          return resp.json().then(function (body) {
            if (!resp.ok) {
              throw new Error(body && body.error ? body.error : "risposta " + resp.status);
            }
            return body;
          });
        }).then(function (body) {
          if (!self.gone && self.pending === ctrl) {
            self.setState({ response: body, failure: "" });
          }
        }).catch(function (err) {
          if (self.gone || err.name === "AbortError") {
            return;
          }
          self.setState({ failure: "L'anteprima non è disponibile in questo momento (" + err.message +
            "). La scheda si può salvare lo stesso: il controllo automatico la verificherà." });
        });
      },
      // framed keeps the reader's place across updates, and opens the
      // page's links in a new tab (the frame stays the preview).
      framed: function (e) {
        var self = this;
        var win = e.target.contentWindow;
        var doc = e.target.contentDocument;
        if (!win || !doc) {
          return;
        }
        win.scrollTo(0, self.scrollY);
        win.addEventListener("scroll", function () { self.scrollY = win.scrollY; });
        Array.prototype.forEach.call(doc.querySelectorAll("a[href]"), function (a) {
          if (a.getAttribute("href").charAt(0) !== "#") {
            a.target = "_blank";
            a.rel = "noopener";
          }
        });
      },
      render: function () {
        var r = this.state.response;
        var parts = [h("div", { key: "p", className: "anteprima-problemi-contenitore" }, problems(this.state))];
        if (r && r.html) {
          parts.push(h("iframe", {
            key: "f",
            className: "anteprima-pagina",
            title: "La scheda come apparirà sul sito",
            // Same origin for the site's stylesheet and the scroll
            // position; no scripts, no forms, no navigation of the UI.
            sandbox: "allow-same-origin allow-popups allow-popups-to-escape-sandbox",
            srcDoc: r.html,
            onLoad: this.framed
          }));
        }
        return h("div", { className: "anteprima" }, parts);
      }
    });
  }

  // defineAdvanced is the control of the advanced group: Decap's object
  // control, showing the values the entry holds at the top level, over
  // which the group's own values (the ones changed here) prevail; flatten
  // puts those back at the top level on saving.
  function defineAdvanced(object) {
    return createClass({
      isValid: function () {
        return this.inner && this.inner.isValid ? this.inner.isValid() : true;
      },
      keep: function (c) {
        this.inner = c;
      },
      render: function () {
        var p = this.props;
        var value = p.value;
        if (p.entry && p.field && p.field.get("fields")) {
          var names = p.field.get("fields").map(function (f) { return f.get("name"); });
          var top = p.entry.get("data").filter(function (v, k) { return names.includes(k); });
          value = value && typeof value.merge === "function" ? top.merge(value) : top;
        }
        return h(object.control, Object.assign({}, p, { value: value, ref: this.keep }));
      }
    });
  }

  // collections reads the collections' names from config.yml, which
  // `go run ./generator cms` writes with two spaces before each "- name:".
  function collections(text) {
    var names = [];
    var re = /^ {2}- name: ['"]?([A-Za-z0-9_-]+)['"]?\s*$/gm;
    var m;
    while ((m = re.exec(text)) !== null) {
      names.push(m[1]);
    }
    return names;
  }

  // plainGlyphs replaces, in every phrase of a locale, the characters
  // few fonts have: Decap writes its "new entry" button with a fullwidth
  // plus (U+FF0B), which computers without East Asian fonts show as an
  // empty box.
  function plainGlyphs(phrases) {
    if (typeof phrases === "string") {
      return phrases.replace(/\uFF0B/g, "+");
    }
    if (phrases && typeof phrases === "object") {
      var out = Array.isArray(phrases) ? [] : {};
      Object.keys(phrases).forEach(function (k) { out[k] = plainGlyphs(phrases[k]); });
      return out;
    }
    return phrases;
  }

  function start() {
    var CMS = window.CMS;
    if (!CMS) {
      return; // decap-cms.js is missing: the page says so
    }
    ["it", "en"].forEach(function (locale) {
      var phrases = CMS.getLocale(locale);
      if (phrases) {
        CMS.registerLocale(locale, plainGlyphs(phrases));
      }
    });
    h = window.h;
    createClass = window.createClass;
    var object = CMS.getWidget("object");
    if (object) {
      CMS.registerWidget(GROUP, defineAdvanced(object), object.preview, object.schema);
    }
    CMS.registerEventListener({
      name: "preSave",
      handler: function (e) { return flatten(e.entry.get("data")); }
    });
    CMS.registerPreviewStyle("/admin/anteprima.css");
    var Preview = definePreview();
    fetch("config.yml", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (text) {
        collections(text).forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
      })
      .catch(function () {})
      .then(function () { CMS.init(); });
  }

  document.addEventListener("DOMContentLoaded", start);
}());
