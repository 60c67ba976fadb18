/* powermap topic map: draws each .pm-map section from its JSON block with vis-network
 * at the positions computed when the page was written (physics off; "Relax layout" on small maps),
 * and wires its search box, filters (lens, mechanism, time), legend toggles, tour, the focus
 * on a clicked node (its neighbourhood, whatever the legend hides) and the table under the
 * map (its "Show on map" buttons, and column heads that sort it). The view (search, filters,
 * legend, focus, table order) lives in the URL fragment (#lens=...&focus=actor:x), so a copied
 * link reopens it; a fragment's values are only ever compared with the page's own options and
 * node keys, or put in a control's value, never read as HTML.
 * Text from documents only ever reaches the page through textContent, option labels
 * and vis-network's string tooltips (shown as text). */
(function () {
  "use strict";

  var SAFE_HREF = /^(https?:\/\/[^\s"'<>\\]+|[A-Za-z0-9._~\/%#-]+)$/;

  function readData(section) {
    var block = document.getElementById(section.getAttribute("data-source"));
    var spec = JSON.parse(block.textContent);
    return spec.parts ? assemble(spec) : spec;
  }

  /* A site page's map comes from data files the page loads (window.powermapData): its
   * parts (an analysis's links, or a map of its own) and the shared node catalogue. */
  function assemble(spec) {
    var registry = window.powermapData || { parts: {}, nodes: {} };
    var data = Object.assign({}, spec, { nodes: [], edges: [], analyses: {} });
    var keep = spec.nodes ? new Set(spec.nodes) : null;
    spec.parts.forEach(function (name) {
      var part = registry.parts[name];
      if (!part) return;
      (part.nodes || []).forEach(function (n) { data.nodes.push(n); });
      part.edges.forEach(function (e) {
        if (!keep || (keep.has(e.from) && keep.has(e.to))) data.edges.push(e);
      });
      Object.assign(data.analyses, part.analyses);
    });
    (spec.nodes || []).forEach(function (id) {
      var node = registry.nodes[id];
      var at = spec.positions && spec.positions[id];
      if (node) data.nodes.push(Object.assign({}, node, at ? { x: at[0], y: at[1] } : {}));
    });
    if (spec.bundled) bundle(data);
    return data;
  }

  /* Too many claims between actors: one line per pair, direction, polarity and basis,
   * wider for more claims, the strongest first (as the Python side bundles a map). */
  function bundle(data) {
    var byId = {}, groups = {}, order = [], rest = [];
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    data.edges.forEach(function (e) {
      var to = byId[e.to];
      if (e.kind !== "claim" || !to || to.type !== "actor") { rest.push(e); return; }
      var key = [e.from, e.to, e.polarity, e.basis].join(" ");
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(e);
    });
    order.sort(function (a, b) { return groups[b].length - groups[a].length || (a < b ? -1 : 1); });
    order.forEach(function (key, i) {
      var claims = groups[key], first = claims[0];
      var analyses = new Set(claims.map(function (c) { return c.analysis; }));
      var lines = [byId[first.from].label + " \u2192 " + byId[first.to].label + ": " + claims.length +
        " claims in " + analyses.size + " analyses"];
      claims.slice(0, 3).forEach(function (c) { lines.push(c.title.split("\n").slice(0, 2).join(" ")); });
      rest.push({
        id: "b" + i, from: first.from, to: first.to, kind: "bundle", arrows: "to",
        color: first.color, polarity: first.polarity, basis: first.basis, dashes: first.dashes,
        title: lines.join("\n"), top: i < data.linkBudget,
        width: 1 + Math.min(6, Math.log2(claims.length)),
        claims: claims.map(function (c) { return [c.analysis, c.mechanism || ""]; })
      });
    });
    data.edges = rest;
  }

  function options(data) {
    var large = data.large;
    return {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, navigationButtons: false },
      nodes: { font: { size: 13, face: "system-ui, sans-serif" }, borderWidth: 1 },
      edges: {
        font: { size: 10, align: "middle", color: "#374151", strokeWidth: 3 },
        smooth: large ? false : { type: "continuous" },
        arrows: { to: { enabled: true, scaleFactor: 0.6 } },
        selectionWidth: 2
      },
      // positions come with the data: drawn at once, physics only on "Relax layout"
      physics: { enabled: false, stabilization: false }
    };
  }

  var RELAX = {
    enabled: true,
    solver: "forceAtlas2Based",
    forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, springConstant: 0.06, avoidOverlap: 0.4 },
    stabilization: false,
    minVelocity: 0.75
  };

  function hiddenAtFirst(data) {
    var hidden = {};
    (data.hidden || []).forEach(function (t) { hidden[t] = true; });
    return hidden;
  }

  var COLLATOR = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });

  /* The table of actors: a button in each column head sorts the rows (numbers by value,
   * text alphabetically, empty cells last whichever way), and its head's aria-sort says how.
   * A first press sorts text from A and numbers from the largest; the next reverses. */
  function sortableTable(section, changed) {
    var table = section.querySelector("[data-role=table] table");
    if (!table) return null;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var buttons = new Map();
    table.querySelectorAll("thead [data-sort]").forEach(function (button) {
      buttons.set(button.getAttribute("data-sort"), button);
    });

    function current() {
      var head = table.querySelector("thead th[aria-sort]");
      var button = head && head.querySelector("[data-sort]");
      return button ? { key: button.getAttribute("data-sort"), order: head.getAttribute("aria-sort") } : null;
    }
    var initial = current();

    function sortBy(key, order) {
      var button = buttons.get(key);
      if (!button || (order !== "ascending" && order !== "descending")) return false;
      var head = button.closest("th"), column = head.cellIndex;
      var numeric = button.hasAttribute("data-numeric"), sign = order === "descending" ? -1 : 1;
      var keyed = rows.map(function (row, i) {
        var text = row.cells[column].textContent.trim();
        var value = numeric ? (text === "" ? NaN : Number(text)) : text;
        return { row: row, value: value, empty: numeric ? isNaN(value) : text === "", i: i };
      });
      keyed.sort(function (a, b) {
        if (a.empty !== b.empty) return a.empty ? 1 : -1;
        var c = a.empty ? 0 : numeric ? a.value - b.value : COLLATOR.compare(a.value, b.value);
        return sign * c || a.i - b.i;  // ties keep the table's first order
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
      table.querySelectorAll("thead th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", order);
      return true;
    }

    buttons.forEach(function (button, key) {
      button.addEventListener("click", function () {
        var now = current(), order;
        if (now && now.key === key) order = now.order === "ascending" ? "descending" : "ascending";
        else order = button.hasAttribute("data-numeric") ? "descending" : "ascending";
        sortBy(key, order);
        changed();
      });
    });

    return {
      details: table.closest("details"),
      current: current,
      sortBy: sortBy,
      /* the order the page was written in, or null when the table has it */
      changed: function () {
        var now = current();
        return now && !(initial && now.key === initial.key && now.order === initial.order) ? now : null;
      },
      reset: function () {
        if (initial) sortBy(initial.key, initial.order);
        else rows.forEach(function (row) { body.appendChild(row); });
      }
    };
  }

  var VIEW_KEYS = ["q", "focus", "lens", "mechanism", "since", "until", "hide", "sort", "order"];

  /* The view a fragment asks for, or null when the fragment is not one (an anchor such as
   * #pm-map-table); an empty fragment is the view the page opens on. */
  function readFragment() {
    var text = window.location.hash.replace(/^#/, "");
    var params = new URLSearchParams(text);
    if (text && !VIEW_KEYS.some(function (k) { return params.has(k); })) return null;
    return params;
  }

  function writeFragment(params) {
    var text = params.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",");
    var url = window.location.href.split("#")[0] + (text ? "#" + text : "");
    if (url === window.location.href) return;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (e) {  // a browser that refuses: a fragment change, read back as the same view
      window.location.replace("#" + text);
    }
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function setup(section) {
    var data = readData(section);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var typeOf = {};
    data.nodes.forEach(function (n) { typeOf[n.id] = n.type; });
    var fresh = function () {
      return { lens: "", mechanism: "", since: "", until: "", query: "", hidden: hiddenAtFirst(data), focus: null };
    };
    var state = fresh();
    var shownNodes = new Set(), shownEdges = new Set(), matched = new Set();
    var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownNodes.has(n.id); } });
    var edgeView = new vis.DataView(edges, { filter: function (e) { return shownEdges.has(e.id); } });
    var status = section.querySelector("[data-role=status]");
    var overlay = section.querySelector("[data-role=loading]");
    var api = { nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, firstFrame: null };
    var byKey = new Map();
    data.nodes.forEach(function (n) { byKey.set(n.key, n.id); });
    var filters = Array.prototype.slice.call(section.querySelectorAll("[data-filter]"));
    var toggles = Array.prototype.slice.call(section.querySelectorAll("[data-toggle]"));
    var ownsFragment = section === document.querySelector("section.pm-map");
    var table = sortableTable(section, function () { share(); });

    function mechanismMatches(mechanism) {
      if (!state.mechanism) return true;
      if (!mechanism) return false;
      return mechanism === state.mechanism || data.families[mechanism] === state.mechanism;
    }

    function analysisPasses(ref) {
      var a = data.analyses[ref];
      if (!a) return true;
      if (state.lens && a.lens !== state.lens) return false;
      if ((state.since || state.until) && !a.month) return false;
      if (state.since && a.month < state.since) return false;
      if (state.until && a.month > state.until) return false;
      if (state.mechanism && !a.mechanisms.some(mechanismMatches)) return false;
      return true;
    }

    function bundlePasses(claim) {
      return analysisPasses(claim[0]) && mechanismMatches(claim[1] || null);
    }

    function compute() {
      var filtering = state.lens || state.mechanism || state.since || state.until;
      var edgeOk = new Set(), nodeOk = new Set(), passing = new Set(), adjacent = {};
      nodes.forEach(function (n) {
        var ok = n.type === "analysis" ? analysisPasses(n.analysis) : !filtering;
        if (ok) passing.add(n.id);
        if (ok && !state.hidden[n.type]) nodeOk.add(n.id);
      });
      // edges that pass the filters, whatever the legend hides: a search or a focus reaches them
      edges.forEach(function (e) {
        var bundle = e.kind === "bundle";
        if (state.hidden[bundle ? "claim" : e.kind]) return;
        if (e.basis === "inferred" && state.hidden.inferred) return;
        if (bundle) {
          if (!e.claims.some(bundlePasses)) return;
        } else {
          if (!analysisPasses(e.analysis)) return;
          if ((e.kind === "claim" || e.kind === "operates") && !mechanismMatches(e.mechanism)) return;
        }
        passing.add(e.from);
        passing.add(e.to);
        (adjacent[e.from] = adjacent[e.from] || []).push(e);
        (adjacent[e.to] = adjacent[e.to] || []).push(e);
        if (bundle && !e.top) return;  // the weaker bundles show around a search or a focus
        if (state.hidden[typeOf[e.from]] || state.hidden[typeOf[e.to]]) return;
        edgeOk.add(e.id);
        nodeOk.add(e.from);
        nodeOk.add(e.to);
      });
      matched = new Set();
      var query = state.query.trim().toLowerCase();
      if (query) {
        passing.forEach(function (id) {
          if (nodes.get(id).search.indexOf(query) !== -1) matched.add(id);
        });
        var keep = new Set(matched), keptEdges = new Set();
        matched.forEach(function (id) {
          var shy = state.hidden[typeOf[id]];
          (adjacent[id] || []).forEach(function (e) {
            var other = e.from === id ? e.to : e.from;
            if (!shy && state.hidden[typeOf[other]]) return;
            keptEdges.add(e.id);
            keep.add(e.from);
            keep.add(e.to);
          });
        });
        nodeOk = keep;
        edgeOk = keptEdges;
      }
      if (state.focus && passing.has(state.focus)) {
        nodeOk.add(state.focus);
        (adjacent[state.focus] || []).forEach(function (e) {
          edgeOk.add(e.id);
          nodeOk.add(e.from);
          nodeOk.add(e.to);
        });
      }
      shownNodes = nodeOk;
      shownEdges = edgeOk;
    }

    function report() {
      if (!status) return;
      var text = "Showing " + shownNodes.size + " of " + nodes.length + " nodes and " +
        shownEdges.size + " of " + edges.length + " links";
      if (state.query.trim()) text += " \u00b7 " + matched.size + " match \u201c" + state.query.trim() + "\u201d";
      if (state.focus) text += " \u00b7 around " + nodes.get(state.focus).label;
      status.textContent = text;
    }

    /* The fragment of this view: what differs from the view the page opens on. */
    function share() {
      if (!ownsFragment) return;
      var params = new URLSearchParams(), usual = hiddenAtFirst(data);
      if (state.query) params.set("q", state.query);
      if (state.focus) params.set("focus", nodes.get(state.focus).key);
      ["lens", "mechanism", "since", "until"].forEach(function (name) {
        if (state[name]) params.set(name, state[name]);
      });
      var hide = toggles.map(function (b) { return b.getAttribute("data-toggle"); });
      var hidden = hide.filter(function (t) { return state.hidden[t]; });
      if (hidden.join(",") !== hide.filter(function (t) { return usual[t]; }).join(",")) {
        params.set("hide", hidden.join(","));
      }
      var sorted = table && table.changed();
      if (sorted) {
        params.set("sort", sorted.key);
        params.set("order", sorted.order);
      }
      writeFragment(params);
    }

    /* Show the view of a fragment's parameters: each value is kept only when the page
     * offers it (an option of a filter, a legend entry, a node, a column), else ignored. */
    function restore(params) {
      var next = fresh();
      filters.forEach(function (control) {
        var name = control.getAttribute("data-filter");
        var value = params.get(name === "query" ? "q" : name) || "";
        if (name === "query") value = value.slice(0, 200);
        else if (!hasOption(control, value)) value = "";
        control.value = value;
        next[name] = value;
      });
      if (params.has("hide")) {
        var asked = params.get("hide").split(",");
        toggles.forEach(function (box) {
          var type = box.getAttribute("data-toggle");
          next.hidden[type] = asked.indexOf(type) !== -1;
        });
      }
      toggles.forEach(function (box) { box.checked = !next.hidden[box.getAttribute("data-toggle")]; });
      var key = params.get("focus");
      next.focus = key && byKey.has(key) ? byKey.get(key) : null;
      state = next;
      if (table) {
        if (!table.sortBy(params.get("sort"), params.get("order"))) table.reset();
        else if (table.details) table.details.open = true;
      }
      apply();
      if (state.focus && !matched.size) network.focus(state.focus, { scale: 1.2, animation: false });
    }

    function apply() {
      compute();
      nodeView.refresh();
      edgeView.refresh();
      report();
      if (matched.size) {
        var ids = Array.from(matched);
        network.selectNodes(ids);
        network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.2 });
      } else if (state.focus) {
        network.selectNodes([state.focus]);
      } else {
        network.unselectAll();
      }
      share();
    }

    function focusOn(id) {
      state.focus = id;
      apply();
    }

    compute();
    nodeView.refresh();
    edgeView.refresh();
    report();
    var network = new vis.Network(
      section.querySelector("[data-role=canvas]"),
      { nodes: nodeView, edges: edgeView },
      options(data)
    );
    api.network = network;
    // keyboard users get the same data from the table (and the skip link to it), not a canvas
    var frame = section.querySelector(".vis-network");
    if (frame) frame.tabIndex = -1;
    network.once("afterDrawing", function () {
      api.firstFrame = performance.now();
      if (overlay) overlay.hidden = true;
      // the page's centre is selected, unless a link asked for a search or a focus
      if (data.centre && !state.focus && !matched.size) network.selectNodes([data.centre]);
      section.setAttribute("data-stable", "true");
    });
    network.on("click", function (params) {
      if (params.nodes.length === 1) {
        var node = nodes.get(params.nodes[0]);
        if (node && node.type === "analysis" && node.href && SAFE_HREF.test(node.href)) {
          window.location.href = node.href;
          return;
        }
        focusOn(node.id);
      } else if (state.focus) {  // a click beside the nodes (on a link too) ends the focus
        focusOn(null);
      }
    });

    filters.forEach(function (control) {
      var name = control.getAttribute("data-filter");
      control.addEventListener(name === "query" ? "input" : "change", function () {
        state[name] = control.value;
        apply();
      });
    });
    toggles.forEach(function (box) {
      box.addEventListener("change", function () {
        state.hidden[box.getAttribute("data-toggle")] = !box.checked;
        apply();
      });
    });
    var reset = section.querySelector("[data-role=reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        state = fresh();
        filters.forEach(function (c) { c.value = ""; });
        toggles.forEach(function (b) {
          b.checked = !state.hidden[b.getAttribute("data-toggle")];
        });
        apply();
        network.fit();
      });
    }
    var relax = section.querySelector("[data-role=relax]");
    if (relax && data.relax) {
      relax.addEventListener("click", function () {
        relax.disabled = true;
        section.setAttribute("data-relaxing", "true");
        network.setOptions({ physics: RELAX });
        window.setTimeout(function () {
          network.setOptions({ physics: { enabled: false } });
          var positions = network.getPositions();
          nodes.update(Object.keys(positions).map(function (id) {
            return { id: id, x: positions[id].x, y: positions[id].y };
          }));
          relax.disabled = false;
          section.removeAttribute("data-relaxing");
        }, 1500);
      });
    }
    section.querySelectorAll("[data-focus]").forEach(function (button) {
      button.addEventListener("click", function () {
        var id = button.getAttribute("data-focus");
        if (!nodes.get(id)) return;
        focusOn(id);
        network.focus(id, { scale: 1.2, animation: false });
        section.querySelector("[data-role=canvas]").scrollIntoView({ block: "center" });
      });
    });

    var steps = document.querySelectorAll("[data-tour='" + section.id + "']");
    steps.forEach(function (button) {
      button.addEventListener("click", function () {
        var step = data.tour[Number(button.getAttribute("data-step"))];
        if (!step) return;
        steps.forEach(function (b) { b.removeAttribute("aria-current"); });
        button.setAttribute("aria-current", "step");
        var ids = step.nodes.filter(function (id) { return shownNodes.has(id); });
        network.selectNodes(ids);
        if (ids.length) network.fit({ nodes: ids, animation: { duration: 400 }, maxZoomLevel: 1.3 });
      });
    });

    var skip = section.querySelector("[data-role=skip]");
    if (skip && table) {
      skip.addEventListener("click", function (event) {
        event.preventDefault();  // the fragment keeps the view
        table.details.open = true;
        var summary = table.details.querySelector("summary");
        summary.focus();
        summary.scrollIntoView({ block: "start" });
      });
    }
    if (ownsFragment) {
      var asked = readFragment();
      if (asked && window.location.hash.length > 1) restore(asked);
      window.addEventListener("hashchange", function () {
        var params = readFragment();
        if (params) restore(params);
      });
    }

    api.apply = apply;
    api.focus = focusOn;
    window.powermapMaps = window.powermapMaps || {};
    window.powermapMaps[section.id] = api;
    return api;
  }

  function start() {
    document.querySelectorAll("section.pm-map").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
