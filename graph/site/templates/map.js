/* powermap topic map: draws each .pm-map section from its JSON block with vis-network,
 * and wires its search box, filters (lens, mechanism, time), legend toggles and tour.
 * Text from documents only ever reaches the page through textContent, option labels
 * and vis-network's string tooltips (shown as text). */
(function () {
  "use strict";

  var SAFE_HREF = /^(https?:\/\/[^\s"'<>\\]+|[A-Za-z0-9._~\/%#-]+)$/;

  function readData(section) {
    var block = document.getElementById(section.getAttribute("data-source"));
    return JSON.parse(block.textContent);
  }

  function options(data) {
    var large = data.large;
    return {
      autoResize: true,
      layout: { improvedLayout: data.improvedLayout, randomSeed: 7 },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, navigationButtons: false },
      nodes: { font: { size: 13, face: "system-ui, sans-serif" }, borderWidth: 1 },
      edges: {
        font: { size: 10, align: "middle", color: "#374151", strokeWidth: 3 },
        smooth: large ? false : { type: "continuous" },
        arrows: { to: { enabled: true, scaleFactor: 0.6 } },
        selectionWidth: 2
      },
      physics: {
        enabled: true,
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, springConstant: 0.06, avoidOverlap: 0.4 },
        stabilization: { enabled: true, iterations: large ? 250 : 600, updateInterval: 25, fit: true },
        minVelocity: 0.75
      }
    };
  }

  function setup(section) {
    var data = readData(section);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var state = { lens: "", mechanism: "", since: "", until: "", query: "", hidden: {} };
    var shownNodes = new Set(), shownEdges = new Set(), matched = new Set();
    var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownNodes.has(n.id); } });
    var edgeView = new vis.DataView(edges, { filter: function (e) { return shownEdges.has(e.id); } });
    var status = section.querySelector("[data-role=status]");
    var overlay = section.querySelector("[data-role=loading]");

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

    function compute() {
      var filtering = state.lens || state.mechanism || state.since || state.until;
      var edgeOk = new Set(), nodeOk = new Set(), adjacent = {};
      nodes.forEach(function (n) {
        if (state.hidden[n.type]) return;
        if (n.type === "analysis" ? analysisPasses(n.analysis) : !filtering) nodeOk.add(n.id);
      });
      edges.forEach(function (e) {
        if (state.hidden[e.kind]) return;
        if (e.basis === "inferred" && state.hidden.inferred) return;
        if (!analysisPasses(e.analysis)) return;
        if ((e.kind === "claim" || e.kind === "operates") && !mechanismMatches(e.mechanism)) return;
        var from = nodes.get(e.from), to = nodes.get(e.to);
        if (state.hidden[from.type] || state.hidden[to.type]) return;
        edgeOk.add(e.id);
        nodeOk.add(e.from);
        nodeOk.add(e.to);
        (adjacent[e.from] = adjacent[e.from] || []).push(e);
        (adjacent[e.to] = adjacent[e.to] || []).push(e);
      });
      matched = new Set();
      var query = state.query.trim().toLowerCase();
      if (query) {
        nodeOk.forEach(function (id) {
          if (nodes.get(id).search.indexOf(query) !== -1) matched.add(id);
        });
        var keep = new Set(matched), keptEdges = new Set();
        matched.forEach(function (id) {
          (adjacent[id] || []).forEach(function (e) {
            keptEdges.add(e.id);
            keep.add(e.from);
            keep.add(e.to);
          });
        });
        nodeOk = keep;
        edgeOk = keptEdges;
      }
      shownNodes = nodeOk;
      shownEdges = edgeOk;
    }

    function report() {
      if (!status) return;
      var text = "Showing " + shownNodes.size + " of " + nodes.length + " nodes and " +
        shownEdges.size + " of " + edges.length + " links";
      if (state.query.trim()) text += " · " + matched.size + " match \u201c" + state.query.trim() + "\u201d";
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
      } else {
        network.unselectAll();
      }
    }

    compute();
    nodeView.refresh();
    edgeView.refresh();
    report();
    // built once the views hold the nodes, so vis-network stabilises them before drawing
    var network = new vis.Network(
      section.querySelector("[data-role=canvas]"),
      { nodes: nodeView, edges: edgeView },
      options(data)
    );

    network.on("stabilizationProgress", function (p) {
      if (overlay) overlay.textContent = "Laying out the map\u2026 " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      var positions = network.getPositions();
      nodes.update(Object.keys(positions).map(function (id) {
        return { id: id, x: positions[id].x, y: positions[id].y };
      }));
      if (overlay) overlay.hidden = true;
      if (data.centre) network.selectNodes([data.centre]);
      section.setAttribute("data-stable", "true");
    });
    network.on("click", function (params) {
      if (params.nodes.length !== 1) return;
      var node = nodes.get(params.nodes[0]);
      if (node && node.type === "analysis" && node.href && SAFE_HREF.test(node.href)) {
        window.location.href = node.href;
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
        section.querySelectorAll("[data-filter]").forEach(function (c) { c.value = ""; });
        section.querySelectorAll("[data-toggle]").forEach(function (b) { b.checked = true; });
        state = { lens: "", mechanism: "", since: "", until: "", query: "", hidden: {} };
        apply();
        network.fit();
      });
    }

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

    var api = { nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, network: network, apply: apply };
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
