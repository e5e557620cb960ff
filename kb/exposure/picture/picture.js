(function () {
  const data = JSON.parse(document.getElementById('kb-data').textContent);
  const svg = document.getElementById('kb-graph');
  const details = document.getElementById('details');
  const vb = svg.viewBox.baseVal;
  // A small graph is shown at most a little larger than drawn, centred, not blown up to fill the page.
  const fit = () => { const r = svg.getBoundingClientRect(), w = home0[2], h = home0[3];
    const k = Math.min(r.width / w, r.height / h);
    if (k > 1.2) { const vw = r.width / 1.2, vh = r.height / 1.2;
      return [(w - vw) / 2, (h - vh) / 2, vw, vh]; }
    return home0; };
  const home0 = [vb.x, vb.y, vb.width, vb.height];
  const home = fit();
  [vb.x, vb.y, vb.width, vb.height] = home;
  const point = (e) => { const p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse()); };
  svg.addEventListener('wheel', (e) => { e.preventDefault(); const p = point(e);
    const k = e.deltaY > 0 ? 1.15 : 1 / 1.15;
    vb.x = p.x - (p.x - vb.x) * k; vb.y = p.y - (p.y - vb.y) * k; vb.width *= k; vb.height *= k; },
    { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (e) => { drag = point(e); svg.classList.add('panning'); });
  svg.addEventListener('pointermove', (e) => { if (!drag) return; const p = point(e);
    vb.x -= p.x - drag.x; vb.y -= p.y - drag.y; });
  const stop = () => { drag = null; svg.classList.remove('panning'); };
  svg.addEventListener('pointerup', stop); svg.addEventListener('pointerleave', stop);
  document.getElementById('reset').addEventListener('click', () => {
    [vb.x, vb.y, vb.width, vb.height] = home; });
  const show = (title, rows) => { details.replaceChildren();
    const h = document.createElement('h3'); h.textContent = title; details.append(h);
    const dl = document.createElement('dl');
    for (const [k, v] of rows) { if (!v) continue; const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v; dl.append(dt, dd); }
    details.append(dl); };
  const focus = (nodes, edges) => { svg.classList.add('focus');
    svg.querySelectorAll('.on').forEach((el) => el.classList.remove('on'));
    nodes.forEach((id) => svg.querySelectorAll('.node').forEach((el) => {
      if (el.dataset.id === id) el.classList.add('on'); }));
    edges.forEach((i) => svg.querySelectorAll('[data-edge="' + i + '"]').forEach((el) => el.classList.add('on'))); };
  const name = (id) => (data.nodes[id] ? data.nodes[id].name : id);
  svg.querySelectorAll('.node').forEach((el) => el.addEventListener('click', (e) => { e.stopPropagation();
    const id = el.dataset.id, n = data.nodes[id], edges = [], nodes = [id];
    const held = [], holds = [];
    data.edges.forEach((x, i) => { if (x.target === id) { edges.push(i); nodes.push(x.source);
        held.push(name(x.source) + ': ' + x.label); }
      if (x.source === id) { edges.push(i); nodes.push(x.target); holds.push(x.label + ' of ' + name(x.target)); } });
    focus(nodes, edges);
    show(n.name, [['entity', n.meta], ['status (worst over the regimes)', n.status],
      ['per regime', n.notes.join('; ') || 'clear under every regime drawn'],
      ['held by', held.join('; ')], ['holds', holds.join('; ')]]); }));
  svg.querySelectorAll('.edge, .elabel').forEach((el) => el.addEventListener('click', (e) => {
    e.stopPropagation(); const i = Number(el.dataset.edge), x = data.edges[i];
    focus([x.source, x.target], [i]);
    show(name(x.source) + ' → ' + name(x.target), [['link', x.label + (x.kind === 'jv_stake' ? ' (joint-venture partner)' : '')],
      ['source', x.cited], ['evidence under', x.regimes.join(', ') || 'none of the regimes drawn'],
      ['valid', (x.start_date || 'start unknown') + ' to ' + (x.end_date || 'open')], ['claim', x.claim]]); }));
  svg.addEventListener('click', (e) => { if (e.target === svg) { svg.classList.remove('focus');
    svg.querySelectorAll('.on').forEach((el) => el.classList.remove('on')); } });
})();
