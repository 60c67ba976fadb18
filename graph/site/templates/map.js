/* powermap topic map: draws each .pm-map section from its JSON block with vis-network
 * at the positions computed when the page was written (physics off; "Relax layout" on small maps),
 * and wires its search box, filters (lens, mechanism, time), legend toggles, tour, the focus
 * on a clicked node (its neighbourhood, whatever the legend hides) and the table's buttons.
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
    network.once("afterDrawing", function () {
      api.firstFrame = performance.now();
      if (overlay) overlay.hidden = true;
      if (data.centre) network.selectNodes([data.centre]);
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

    section.querySelectorAll("[data-filter]").forEach(function (control) {
      var name = control.getAttribute("data-filter");
      control.addEventListener(name === "query" ? "input" : "change", function () {
        state[name] = control.value;
        apply();
      });
    });
    section.querySelectorAll("[data-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        state.hidden[box.getAttribute("data-toggle")] = !box.checked;
        apply();
      });
    });
    var reset = section.querySelector("[data-role=reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        state = fresh();
        section.querySelectorAll("[data-filter]").forEach(function (c) { c.value = ""; });
        section.querySelectorAll("[data-toggle]").forEach(function (b) {
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
