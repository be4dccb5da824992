// ConvKit's receptive-field tracer: shows the fields ConvKit computed (convkit.nn.ReceptiveField,
// embedded as JSON next to this script). No library, nothing loaded from elsewhere; every name
// and style is scoped to the widget's own id, so several tracers can share a page.
function convkitReceptiveField(id) {
  var root = document.getElementById(id);
  var data = JSON.parse(document.getElementById(id + '-data').textContent);
  var layers = data.layers, grids = [], pinned = [layers.length - 1, 0, 0];
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // how far the formula's boxes reach past the image on each side: drawn as a rim of padding
  function rim(axis, n) {
    var lo = 0, hi = 0;
    data[axis].box.forEach(function (units) {
      units.forEach(function (b) { lo = Math.max(lo, -b[0]); hi = Math.max(hi, b[1] - (n - 1)); });
    });
    return [lo, hi];
  }
  var rimR = rim('rows', layers[0].rows), rimC = rim('cols', layers[0].cols);
  var css = '#' + id + ' .rf-cell{background:#e8e8e8}'
    + '#' + id + ' .rf-pad{background:#fff;outline:1px dashed #ccc;outline-offset:-1px}'
    + '#' + id + ' .rf-in{box-shadow:inset 0 0 0 40px rgba(230,110,0,0.6)}'
    + '#' + id + ' .rf-box{outline:2px solid #d62728;outline-offset:-2px}'
    + '#' + id + ' .rf-unit{box-shadow:inset 0 0 0 40px #1f77b4}';
  root.appendChild(el('style', {}, css));
  root.appendChild(el('div', { style: 'margin:0.3em 0' },
    'Hover over a unit of any layer to see the units below it and the input pixels that reach it '
    + '(orange; red outline: the formula\'s box where it runs into padding or skips pixels). '
    + 'Click to keep it.'));
  var view = el('div', { style: 'display:flex;gap:1.5em;align-items:flex-end;flex-wrap:wrap' });
  var field = el('div', { 'data-role': 'field', style: 'margin:0.6em 0 0.2em;font-weight:bold' });
  var formula = el('pre', { 'data-role': 'formula', style: 'margin:0.2em 0;font-size:105%' });
  root.appendChild(view); root.appendChild(field); root.appendChild(formula);
  layers.forEach(function (l, k) {
    var r0 = k === 0 ? -rimR[0] : 0, r1 = l.rows - 1 + (k === 0 ? rimR[1] : 0);
    var c0 = k === 0 ? -rimC[0] : 0, c1 = l.cols - 1 + (k === 0 ? rimC[1] : 0);
    var size = Math.max(5, Math.min(22, Math.floor(200 / Math.max(r1 - r0 + 1, c1 - c0 + 1))));
    var box = el('div');
    box.appendChild(el('div', { style: 'font-weight:bold' }, l.name + ' ' + l.rows + 'x' + l.cols));
    box.appendChild(el('div', { style: 'font-size:85%;color:#555;min-height:1.2em' },
      k === 0 ? (rimR[0] + rimR[1] + rimC[0] + rimC[1] > 0 ? 'dashed rim: zero padding' : '') : l.settings));
    var grid = el('div', { 'data-role': 'layer', 'data-layer': k, style: 'display:grid;gap:1px;'
      + 'grid-template-columns:repeat(' + (c1 - c0 + 1) + ',' + size + 'px);grid-auto-rows:' + size + 'px' });
    var cells = [];
    for (var i = r0; i <= r1; i++)
      for (var j = c0; j <= c1; j++) {
        var inside = i >= 0 && j >= 0 && i < l.rows && j < l.cols;
        var c = el('div', { 'class': inside ? 'rf-cell' : 'rf-pad', 'data-row': i, 'data-col': j });
        if (inside && k === 0 && data.image) {
          var g = data.image[i][j];
          c.style.background = 'rgb(' + g + ',' + g + ',' + g + ')';
        }
        if (inside && k > 0) {
          c.style.cursor = 'pointer';
          c.addEventListener('mouseenter', show.bind(null, k, i, j));
          c.addEventListener('click', function (k, i, j) { pinned = [k, i, j]; show(k, i, j); }.bind(null, k, i, j));
        }
        cells.push(c);
        grid.appendChild(c);
      }
    grid.addEventListener('mouseleave', function () { show(pinned[0], pinned[1], pinned[2]); });
    grids.push(cells);
    box.appendChild(grid);
    view.appendChild(box);
  });
  function span(s) { return s[1] < s[0] ? 'none' : s[0] + '..' + s[1]; }
  function ends(p) { return p.length ? p[0] + '..' + p[p.length - 1] : 'none'; }
  function show(k, i, j) {
    root.setAttribute('data-unit', k + ',' + i + ',' + j);
    grids.forEach(function (cells) {
      cells.forEach(function (c) { c.classList.remove('rf-in', 'rf-box', 'rf-unit'); });
    });
    var rb = data.rows.box[k][i], cb = data.cols.box[k][j];
    grids.forEach(function (cells, m) {
      if (m > k) return;
      // the units of layer m that reach unit (i, j), per axis, as ConvKit listed them
      var rr = m < k ? data.rows.reach[k][i][m] : [i], cc = m < k ? data.cols.reach[k][j][m] : [j];
      cells.forEach(function (c) {
        var r = Number(c.dataset.row), q = Number(c.dataset.col);
        if (c.classList.contains('rf-pad') || rr.indexOf(r) < 0 || cc.indexOf(q) < 0) {
          if (m === 0 && r >= rb[0] && r <= rb[1] && q >= cb[0] && q <= cb[1]) c.classList.add('rf-box');
        } else c.classList.add(m === k ? 'rf-unit' : 'rf-in');
      });
    });
    var l = layers[k], rin = k > 0 ? data.rows.reach[k][i][0] : [i], cin = k > 0 ? data.cols.reach[k][j][0] : [j];
    var holes = rin.length && (rin[rin.length - 1] - rin[0] + 1 > rin.length || cin[cin.length - 1] - cin[0] + 1 > cin.length);
    field.textContent = l.name + ' unit (' + i + ', ' + j + '): r_' + k + ' = ' + l.r[0]
      + (l.r[1] !== l.r[0] ? ' rows x ' + l.r[1] + ' columns' : '') + '; the formula\'s box is rows '
      + span(rb) + ', columns ' + span(cb) + '; in the image: rows ' + ends(rin) + ', columns ' + ends(cin)
      + ' (' + rin.length * cin.length + ' pixels' + (holes ? ', with holes the dilation skips)' : ')');
    var rows = data.rows.formulas.slice(0, k + 1), cols = data.cols.formulas.slice(0, k + 1);
    formula.textContent = rows.join('\n') === cols.join('\n') ? rows.join('\n')
      : 'rows:\n' + rows.join('\n') + '\ncolumns:\n' + cols.join('\n');
  }
  show(pinned[0], pinned[1], pinned[2]);
}
