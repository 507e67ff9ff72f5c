/* The neighbourhood picture on an entity page: the entity, the entities sharing a fact with it, and those
   most often mentioned in the same sentences, drawn with Cytoscape.js (vendored, no CDN). Node colours come
   from the --hb-class-* variables of pages.css; clicking a node opens that entity's page.
   The Cytoscape instance is kept on the container as `element.harbourGraph` (tests inspect it). */
(function () {
  "use strict";

  var container = document.getElementById("hb-graph");
  if (!container) return;
  var url = container.getAttribute("data-neighbours");

  function message(text) {
    var p = document.createElement("p");
    p.className = "hb-hint";
    p.style.padding = "1rem";
    p.textContent = text;
    container.appendChild(p);
  }

  if (!window.cytoscape) {
    message("The picture could not be drawn (cytoscape.min.js did not load).");
    return;
  }

  var styles = getComputedStyle(document.documentElement);

  function colour(kind) {
    return (styles.getPropertyValue("--hb-class-" + kind) || "").trim() ||
      (styles.getPropertyValue("--hb-class-entity") || "").trim() || "#6c757d";
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  function elements(data) {
    var nodes = data.nodes.map(function (n) {
      return {data: {id: n.id, label: shorten(n.label, 18), full: n.label, kind: n.kind, page: n.page,
                     center: n.center ? 1 : 0, colour: colour(n.kind)},
              classes: n.center ? "center" : ""};
    });
    var edges = data.edges.map(function (e, i) {
      return {data: {id: "e" + i, source: e.source, target: e.target, label: shorten(e.label || "", 16),
                     kind: e.kind},
              classes: e.kind === "mentionedWith" ? "weak" : "fact"};
    });
    return nodes.concat(edges);
  }

  function draw(data) {
    if (!data.nodes || data.nodes.length <= 1) {
      message("No other entity shares a fact or a sentence with this one yet.");
    }
    var cy = window.cytoscape({
      container: container,
      elements: elements(data),
      minZoom: 0.3,
      maxZoom: 3,
      style: [
        {selector: "node", style: {
          "background-color": "data(colour)", "label": "data(label)", "color": "#1f2328",
          "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, "width": 22, "height": 22,
          "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1}},
        {selector: "node.center", style: {"width": 38, "height": 38, "font-size": 13, "font-weight": "bold",
                                          "border-width": 3, "border-color": "#1f2328"}},
        {selector: "edge", style: {
          "width": 2, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "label": "data(label)", "font-size": 9, "color": "#5b6470",
          "text-rotation": "autorotate", "text-background-color": "#fbfcfd", "text-background-opacity": 1}},
        {selector: "edge.weak", style: {"line-style": "dashed", "width": 1, "target-arrow-shape": "none",
                                        "line-color": "#c4cbd3"}},
        {selector: "node:active, node:selected", style: {"overlay-opacity": 0.15}}
      ],
      layout: {name: "concentric", concentric: function (node) { return node.data("center") ? 2 : 1; },
               levelWidth: function () { return 1; }, minNodeSpacing: 40, padding: 20, animate: false}
    });
    // Concentric puts the entity in the middle; a force-directed pass then pulls fact partners together
    // and pushes labels apart (deterministic, since it starts from the concentric positions).
    if (cy.nodes().length > 5) {
      // Spread over the whole box at zoom 1, so names keep their size whatever the number of nodes.
      cy.layout({name: "cose", randomize: false, animate: false, fit: true, padding: 30, nodeRepulsion: 14000,
                 idealEdgeLength: 110, nodeOverlap: 20, gravity: 0.6, numIter: 1500,
                 nodeDimensionsIncludeLabels: true,
                 boundingBox: {x1: 0, y1: 0, w: container.clientWidth, h: container.clientHeight}}).run();
    }
    // fit() zooms a small neighbourhood far in; keep names at their reading size instead.
    if (cy.zoom() > 1.25) {
      cy.zoom(1.25);
      cy.center();
    }
    cy.on("tap", "node", function (event) {
      var page = event.target.data("page");
      if (page && !event.target.data("center")) window.location.href = page;
    });
    cy.on("mouseover", "node", function (event) {
      container.title = event.target.data("full") + " (" + event.target.data("kind") + ")";
      container.style.cursor = event.target.data("center") ? "default" : "pointer";
    });
    cy.on("mouseout", "node", function () { container.title = ""; container.style.cursor = ""; });
    container.harbourGraph = cy;
    container.setAttribute("data-rendered", String(cy.nodes().length));
  }

  fetch(url, {headers: {Accept: "application/json"}})
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) { message("The picture could not be loaded: " + error.message); });
})();
