/* smkg page: the network, the lineage and the timeline of the store, from the JSON in #smkg-data.
 * Every label and quote goes into the page as text (textContent, createTextNode, or a canvas label),
 * never as HTML. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('smkg-data').textContent);
  var byId = new Map();
  data.nodes.forEach(function (n) {
    n.search = [n.label].concat(n.names).join('\n').toLowerCase();
    byId.set(n.id, n);
  });
  var kinds = new Map(data.kinds.map(function (k) { return [k.kind, k]; }));
  var outEdges = new Map();
  var inEdges = new Map();
  data.edges.forEach(function (e) {
    if (!outEdges.has(e.s)) { outEdges.set(e.s, []); }
    if (!inEdges.has(e.t)) { inEdges.set(e.t, []); }
    outEdges.get(e.s).push(e);
    inEdges.get(e.t).push(e);
  });
  var large = data.nodes.length > 1500 || data.edges.length > 4000;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function short(label) {
    label = String(label);
    return label.length > 48 ? label.slice(0, 46) + '…' : label;
  }
  function colour(kind) { return kinds.has(kind) ? kinds.get(kind).colour : '#555555'; }
  function swatch(kind) {
    var s = el('span', 'swatch');
    s.style.backgroundColor = colour(kind);
    return s;
  }
  function when(n) {
    if (!n.start) { return ''; }
    return n.start === n.end ? n.start : n.start + ' to ' + n.end;
  }

  document.getElementById('node-count').textContent = plural(data.nodes.length, 'thing', 'things');
  document.getElementById('edge-count').textContent = plural(data.edges.length, 'link', 'links');

  /* ---- the network ---- */
  var cy = cytoscape({
    container: document.getElementById('network'),
    elements: {
      nodes: data.nodes.map(function (n) {
        var degree = (outEdges.get(n.id) || []).length + (inEdges.get(n.id) || []).length;
        return {
          data: { id: n.id, label: short(n.label), kind: n.kind, colour: colour(n.kind),
                  size: Math.min(44, 12 + 3 * Math.sqrt(degree)) },
          position: { x: n.x, y: n.y }
        };
      }),
      edges: data.edges.map(function (e, i) {
        return { data: { id: 'e' + i, source: e.s, target: e.t, key: e.k } };
      })
    },
    layout: { name: 'preset', fit: true, padding: 30 },
    minZoom: 0.02,
    maxZoom: 5,
    boxSelectionEnabled: false,
    selectionType: 'single',
    hideEdgesOnViewport: large,
    textureOnViewport: large,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(colour)', 'label': 'data(label)', 'width': 'data(size)', 'height': 'data(size)',
        'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, 'color': '#1d2327',
        'text-outline-color': '#ffffff', 'text-outline-width': 2, 'min-zoomed-font-size': 7,
        'border-width': 1, 'border-color': '#ffffff' } },
      { selector: 'edge', style: {
        'width': 1, 'line-color': '#b8c2cc', 'curve-style': large ? 'haystack' : 'bezier',
        'target-arrow-shape': large ? 'none' : 'triangle', 'target-arrow-color': '#b8c2cc', 'arrow-scale': 0.6,
        'opacity': 0.7 } },
      { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#f5b700', 'z-index': 20 } },
      { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#111111', 'z-index': 30,
        'font-size': 12, 'font-weight': 'bold' } },
      { selector: 'edge.near', style: { 'line-color': '#33414d', 'target-arrow-color': '#33414d', 'width': 2,
        'opacity': 1, 'label': 'data(key)', 'font-size': 8, 'text-rotation': 'autorotate',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'z-index': 10 } },
      { selector: '.faded', style: { 'opacity': 0.25 } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ]
  });

  function selectNode(id, centre) {
    var node = cy.getElementById(id);
    cy.batch(function () {
      cy.elements().unselect();
      cy.edges('.near').removeClass('near');
      if (node.nonempty()) {
        node.select();
        node.connectedEdges().addClass('near');
      }
    });
    if (centre && node.nonempty() && node.visible()) {
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    }
    showDetails(id);
  }
  cy.on('tap', 'node', function (evt) { selectNode(evt.target.id(), false); });
  cy.on('tap', function (evt) {
    if (evt.target === cy) {
      cy.elements().unselect();
      cy.edges('.near').removeClass('near');
    }
  });

  /* ---- the details panel ---- */
  var details = document.getElementById('details');

  function linkTo(id, text) {
    var b = el('button', 'link', text);
    b.type = 'button';
    b.dataset.iri = id;
    b.addEventListener('click', function () { selectNode(id, true); });
    return b;
  }
  function citation(ev) {
    var where = [ev.f];
    if (ev.pg !== null && ev.pg !== undefined) { where.push('page ' + ev.pg); }
    if (ev.par) { where.push(/^\d+$/.test(ev.par) ? 'paragraph ' + ev.par : ev.par); }
    return el('cite', null, where.join(', '));
  }

  function showDetails(id) {
    var n = byId.get(id);
    details.replaceChildren();
    if (!n) { return; }
    details.dataset.iri = n.id;
    details.appendChild(el('h2', null, n.label));
    var meta = el('p', 'meta');
    meta.appendChild(swatch(n.kind));
    meta.appendChild(document.createTextNode(n.kind + (n.type ? ' · ' + n.type : '')));
    details.appendChild(meta);
    if (n.start) { details.appendChild(el('p', 'meta when', when(n))); }
    details.appendChild(el('p', 'iri', n.id));
    if (n.sources.length) {
      details.appendChild(el('p', 'meta sources', 'Read from ' + n.sources.join(', ')));
    }

    details.appendChild(el('h3', null, 'Facts'));
    var list = el('ul', 'facts');
    n.facts.forEach(function (f) {
      var li = el('li', 'fact');
      li.appendChild(el('span', 'property', f.p));
      li.appendChild(document.createTextNode(': '));
      if (f.ref && byId.has(f.ref)) {
        li.appendChild(linkTo(f.ref, f.v));
      } else {
        li.appendChild(el('span', 'value', f.v));
      }
      (f.ev || []).forEach(function (ev) {
        if (ev.q) { li.appendChild(el('blockquote', 'quote', ev.q)); }
        li.appendChild(citation(ev));
      });
      list.appendChild(li);
    });
    details.appendChild(list);

    var incoming = (inEdges.get(n.id) || []).filter(function (e) { return e.s !== n.id; });
    if (incoming.length) {
      details.appendChild(el('h3', null, 'Linked from'));
      var links = el('ul', 'links');
      incoming.slice(0, 200).forEach(function (e) {
        var li = el('li');
        li.appendChild(linkTo(e.s, byId.get(e.s).label));
        li.appendChild(document.createTextNode(' ' + e.k));
        links.appendChild(li);
      });
      if (incoming.length > 200) { links.appendChild(el('li', 'muted', 'and ' + (incoming.length - 200) + ' more')); }
      details.appendChild(links);
    }
  }

  /* ---- search ---- */
  var search = document.getElementById('search');
  var results = document.getElementById('search-results');
  var searchCount = document.getElementById('search-count');
  var MAX_RESULTS = 100;

  function runSearch() {
    var q = search.value.trim().toLowerCase();
    var found = [];
    if (q) {
      data.nodes.forEach(function (n) {
        var label = n.label.toLowerCase();
        var rank = label === q ? 0 : label.indexOf(q) === 0 ? 1 : label.indexOf(q) >= 0 ? 2
          : n.search.indexOf(q) >= 0 ? 3 : -1;
        if (rank >= 0) { found.push([rank, label, n]); }
      });
      found.sort(function (a, b) {
        return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
      });
    }
    cy.batch(function () {
      cy.nodes('.match').removeClass('match');
      found.forEach(function (f) { cy.getElementById(f[2].id).addClass('match'); });
    });
    results.replaceChildren();
    found.slice(0, MAX_RESULTS).forEach(function (f) {
      var n = f[2];
      var li = el('li');
      var b = el('button', 'result');
      b.type = 'button';
      b.dataset.iri = n.id;
      b.appendChild(swatch(n.kind));
      b.appendChild(document.createTextNode(' ' + n.label));
      b.appendChild(el('span', 'kind', n.kind));
      b.addEventListener('click', function () { selectNode(n.id, true); });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.dataset.query = q;
    searchCount.textContent = !q ? '' : found.length > MAX_RESULTS
      ? plural(found.length, 'match', 'matches') + ', the first ' + MAX_RESULTS + ' listed'
      : plural(found.length, 'match', 'matches');
  }
  var searchTimer = null;
  search.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 120);
  });
  search.addEventListener('keydown', function (evt) {
    if (evt.key === 'Enter') {
      clearTimeout(searchTimer);
      runSearch();
      var first = results.querySelector('button');
      if (first) { first.click(); }
    }
  });

  /* ---- filters: kinds and dates ---- */
  var legend = document.getElementById('legend');
  var shownKinds = new Set();
  data.kinds.forEach(function (k) {
    if (!k.count) { return; }
    shownKinds.add(k.kind);
    var label = el('label', 'check');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.kind = k.kind;
    box.addEventListener('change', function () {
      if (box.checked) { shownKinds.add(k.kind); } else { shownKinds.delete(k.kind); }
      applyFilters();
    });
    label.appendChild(box);
    label.appendChild(swatch(k.kind));
    label.appendChild(document.createTextNode(k.name + ' (' + k.count + ')'));
    legend.appendChild(label);
  });
  var dateFrom = document.getElementById('date-from');
  var dateTo = document.getElementById('date-to');
  var undated = document.getElementById('undated');
  [dateFrom, dateTo, undated].forEach(function (input) { input.addEventListener('change', applyFilters); });

  function applyFilters() {
    var from = dateFrom.value;
    var to = dateTo.value;
    var shown = 0;
    cy.batch(function () {
      data.nodes.forEach(function (n) {
        var visible = shownKinds.has(n.kind);
        if (visible && !n.from) {
          visible = undated.checked;
        } else if (visible) {
          visible = !(from && n.to < from) && !(to && n.from > to);
        }
        var node = cy.getElementById(n.id);
        if (visible) { node.removeClass('hidden'); shown += 1; } else { node.addClass('hidden'); }
      });
    });
    document.getElementById('shown-count').textContent = shown + ' shown';
  }
  applyFilters();

  /* ---- the lineage ---- */
  var lineageSelect = document.getElementById('lineage-document');
  data.documents.forEach(function (d) {
    var option = el('option', null, d.label + (d.versions ? ' (' + plural(d.versions, 'version', 'versions') + ')' : ''));
    option.value = d.id;
    lineageSelect.appendChild(option);
  });
  if (data.document) { lineageSelect.value = data.document; }
  var lineageCy = null;

  function drawLineage() {
    var doc = lineageSelect.value;
    var lineage = data.lineage[doc] || { nodes: [], edges: [], columns: [] };
    document.getElementById('lineage-empty').hidden = lineage.nodes.length > 0;
    var elements = [];
    lineage.columns.forEach(function (name, col) {
      var here = lineage.nodes.filter(function (n) { return n.col === col; });
      var top = Math.min.apply(null, here.map(function (n) { return n.y; }));
      elements.push({ group: 'nodes', classes: 'heading', selectable: false, grabbable: false,
        data: { id: 'column ' + col, label: name, colour: '#ffffff' }, position: { x: here[0].x, y: top - 70 } });
    });
    lineage.nodes.forEach(function (n) {
      elements.push({ group: 'nodes', data: { id: n.id, label: n.label, colour: colour(n.kind), of: n.of || null },
        position: { x: n.x, y: n.y } });
    });
    lineage.edges.forEach(function (e, i) {
      elements.push({ group: 'edges', data: { id: 'l' + i, source: e.s, target: e.t, label: e.label } });
    });
    if (!lineageCy) {
      lineageCy = cytoscape({
        container: document.getElementById('lineage'),
        minZoom: 0.1, maxZoom: 3, boxSelectionEnabled: false, selectionType: 'single', autoungrabify: true,
        style: [
          { selector: 'node', style: {
            'shape': 'round-rectangle', 'background-color': 'data(colour)', 'background-opacity': 0.18,
            'border-width': 2, 'border-color': 'data(colour)', 'label': 'data(label)', 'text-wrap': 'wrap',
            'text-max-width': 196, 'text-valign': 'center', 'font-size': 13, 'width': 210, 'height': 66,
            'color': '#1d2327' } },
          { selector: 'node.heading', style: {
            'background-opacity': 0, 'border-width': 0, 'font-weight': 'bold', 'font-size': 15, 'height': 24,
            'color': '#5b6770' } },
          { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111111' } },
          { selector: 'edge', style: {
            'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 1.5, 'line-color': '#7d8a96',
            'target-arrow-color': '#7d8a96', 'label': 'data(label)', 'font-size': 11, 'text-rotation': 'autorotate',
            'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'color': '#33414d' } }
        ]
      });
      lineageCy.on('tap', 'node', function (evt) {
        var id = evt.target.data('of') || evt.target.id();
        if (byId.has(id)) { showDetails(id); }
      });
    }
    lineageCy.elements().remove();
    lineageCy.add(elements);
    lineageCy.layout({ name: 'preset', fit: true, padding: 30 }).run();
    var readable = 0.6;
    if (lineageCy.zoom() < readable && lineageCy.nodes().nonempty()) {
      var box = lineageCy.elements().boundingBox();
      lineageCy.zoom(readable);
      lineageCy.pan({ x: 30 - box.x1 * readable, y: lineageCy.height() / 2 - (box.y1 + box.y2) / 2 * readable });
    }
  }
  lineageSelect.addEventListener('change', drawLineage);

  /* ---- the timeline ---- */
  var timeline = null;
  var timelineItems = new Map();

  function drawTimeline() {
    var groups = data.timeline.groups.map(function (g, i) {
      return { id: g.id, order: i, content: el('span', null, g.label) };
    });
    var items = data.timeline.items.map(function (it) {
      timelineItems.set(it.id, it);
      var item = { id: it.id, group: it.group, start: it.start, className: it.kind,
                   content: el('span', null, it.label), type: it.end ? 'range' : 'point' };
      if (it.end) { item.end = it.end; }
      return item;
    });
    var options = {
      stack: true, zoomable: true, orientation: 'top', showCurrentTime: false, selectable: true,
      groupOrder: 'order', margin: { item: 6 }, zoomMin: 1000 * 60 * 60 * 24 * 7
    };
    var times = [];
    data.timeline.items.forEach(function (it) {
      times.push(Date.parse(it.start));
      if (it.end) { times.push(Date.parse(it.end)); }
    });
    if (times.length) {
      var min = Math.min.apply(null, times);
      var max = Math.max.apply(null, times);
      var pad = Math.max((max - min) * 0.05, 1000 * 60 * 60 * 24 * 15);
      options.start = new Date(min - pad);
      options.end = new Date(max + Math.max(pad, (max - min) * 0.3));
    }
    timeline = new vis.Timeline(document.getElementById('timeline'), items, groups, options);
    timeline.on('select', function (props) {
      var it = timelineItems.get(props.items[0]);
      if (it) { showDetails(it.node); }
    });
  }

  /* ---- the tabs ---- */
  var tabs = Array.prototype.slice.call(document.querySelectorAll('nav [role="tab"]'));
  function show(view) {
    tabs.forEach(function (tab) {
      var on = tab.dataset.view === view;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      document.getElementById('view-' + tab.dataset.view).hidden = !on;
    });
    document.getElementById('controls').hidden = view !== 'network';
    if (view === 'network') { cy.resize(); }
    if (view === 'lineage') {
      if (!lineageCy) { drawLineage(); } else { lineageCy.resize(); }
    }
    if (view === 'timeline') {
      if (!timeline) { drawTimeline(); } else { timeline.redraw(); }
    }
  }
  tabs.forEach(function (tab) {
    tab.addEventListener('click', function () { show(tab.dataset.view); });
  });

  window.smkg = {
    data: data,
    cy: cy,
    select: selectNode,
    show: show,
    lineage: function () { return lineageCy; },
    timeline: function () { return timeline; }
  };
}());
