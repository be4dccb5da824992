// ConvKit's pooling explorer: shows what ConvKit's pooling computed for every setting of the
// controls (embedded as JSON next to this script): the outputs, how each was formed, and for max
// pooling which input won. No library, nothing loaded from elsewhere; all under the widget's root.
function convkitPoolExplorer(id) {
  var root = document.getElementById(id);
  // the data is gzipped JSON in Base64 (ConvKit's sums repeat a lot); the browser unpacks it
  if (typeof DecompressionStream === 'undefined') {
    root.textContent = 'This explorer needs a browser from 2023 or later (DecompressionStream).';
    return;
  }
  var bin = atob(document.getElementById(id + '-data').textContent.trim()), bytes = new Uint8Array(bin.length);
  for (var b = 0; b < bin.length; b++) bytes[b] = bin.charCodeAt(b);
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
    .then(function (text) { convkitPoolExplorerShow(root, JSON.parse(text)); root.dataset.ready = 'true'; })
    .catch(function (e) { root.textContent = 'The explorer could not read its data: ' + e; });
}

function convkitPoolExplorerShow(root, data) {
  var state = { kind: 'max', window: data.windows[0], stride: data.windows[0], pad: 0, cell: 0, hover: null };
  var LABELS = { kind: 'pooling', window: 'window K', stride: 'stride S', pad: 'padding P' };
  var c = null, input = null, output = null;
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function keyOf(s) { return [s.kind, s.window, s.stride, s.pad].join('/'); }
  var selects = {};
  function select(role, options) {
    var s = el('select', { 'data-role': role });
    options.forEach(function (o) { s.appendChild(el('option', { value: String(o[0]) }, o[1])); });
    s.addEventListener('change', function () {
      state[role] = role === 'kind' ? s.value : Number(s.value);
      state.cell = 0; state.hover = null; build();
    });
    var l = el('label', { style: 'margin-right:1em' }, LABELS[role] + ' ');
    l.appendChild(s);
    selects[role] = s;
    return l;
  }
  function pairs(list) { return list.map(function (v) { return [v, String(v)]; }); }
  var controls = el('div', { style: 'margin:0.5em 0;line-height:2' });
  controls.appendChild(select('kind', [['max', 'max'], ['avg', 'average']]));
  controls.appendChild(select('window', pairs(data.windows)));
  controls.appendChild(select('stride', pairs(data.strides)));
  controls.appendChild(select('pad', pairs(data.paddings)));
  var whyBox = el('details', { style: 'color:#8a5a00;font-size:90%' });
  var whyTitle = el('summary', { style: 'cursor:pointer' });
  var why = el('div', { 'data-role': 'why', style: 'white-space:pre-line;margin-left:1em' });
  whyBox.appendChild(whyTitle); whyBox.appendChild(why);
  var view = el('div', { style: 'display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap;margin-top:0.5em' });
  var sum = el('pre', { 'data-role': 'sum', style: 'white-space:pre-wrap;font-size:110%' });
  [controls, whyBox, view, sum].forEach(function (e) { root.appendChild(e); });
  // Options ConvKit rejects with the other controls as they are: disabled, and the reason listed.
  function disableRejected() {
    var reasons = [];
    Object.keys(selects).forEach(function (role) {
      var s = selects[role];
      Array.prototype.forEach.call(s.options, function (o) {
        var t = {}; for (var k in state) t[k] = state[k];
        t[role] = role === 'kind' ? o.value : Number(o.value);
        var st = data.settings[keyOf(t)];
        o.disabled = !!st.error && o.value !== String(state[role]);
        if (o.disabled) reasons.push(LABELS[role] + ' ' + o.textContent + ': ' + st.error);
      });
      s.value = String(state[role]);
    });
    why.textContent = reasons.join('\n\n');
    whyTitle.textContent = reasons.length + (reasons.length === 1 ? ' option is' : ' options are')
      + ' greyed out with these settings: ConvKit says why';
    whyBox.style.display = reasons.length ? '' : 'none';
  }
  function table(title, rows, cols, text, role) {
    var box = el('div');
    box.appendChild(el('div', { style: 'font-weight:bold;margin-bottom:0.3em' }, title));
    var small = rows > 12 || cols > 12;
    var t = el('table', { 'data-role': role, style: 'border-collapse:collapse;font-size:' + (small ? '70%' : '100%') });
    for (var i = 0; i < rows; i++) {
      var tr = el('tr');
      for (var j = 0; j < cols; j++) {
        tr.appendChild(el('td', { 'data-row': i, 'data-col': j, style: 'border:1px solid #999;text-align:center;padding:0 0.3em;'
          + (small ? 'min-width:1.6em;height:1.5em' : 'min-width:2.4em;height:2.2em') }, text(i, j)));
      }
      t.appendChild(tr);
    }
    box.appendChild(t);
    return box;
  }
  function build() {
    disableRejected();
    c = data.settings[keyOf(state)];
    view.innerHTML = '';
    var h = data.x.length, w = data.x[0].length, p = c.error ? 0 : c.pad;
    input = table('input' + (p ? ', padding P=' + p + (state.kind === 'max' ? ' (never wins)' : ' (counts 0)') : ''),
      h + 2 * p, w + 2 * p, function (i, j) {
        var r = i - p, q = j - p;
        return r >= 0 && q >= 0 && r < h && q < w ? String(data.x[r][q]) : (state.kind === 'max' ? '-' : '0');
      }, 'input');
    view.appendChild(input);
    input.querySelectorAll('td').forEach(function (td) {
      var i = Number(td.dataset.row), j = Number(td.dataset.col);
      if (i < p || j < p || i >= h + p || j >= w + p) { td.style.background = '#e6e6e6'; td.style.color = '#555'; }
    });
    if (c.error) { output = null; sum.textContent = c.error; return; }
    output = table('output ' + c.rows + 'x' + c.cols + ' (' + c.spec + ')', c.rows, c.cols,
      function (i, j) { return c.y[i * c.cols + j]; }, 'output');
    view.appendChild(output);
    output.querySelectorAll('td').forEach(function (td) {
      var k = Number(td.dataset.row) * c.cols + Number(td.dataset.col);
      td.style.cursor = 'pointer';
      td.addEventListener('click', function () { state.cell = k; state.hover = null; mark(); });
      td.addEventListener('mouseenter', function () { state.hover = k; mark(); });
      td.addEventListener('mouseleave', function () { state.hover = null; mark(); });
    });
    mark();
  }
  // Outlines the shown cell (hovered, else chosen), its K x K window and, for max, the winner.
  function mark() {
    var k = state.hover === null ? state.cell : state.hover;
    var oi = Math.floor(k / c.cols), oj = k % c.cols;
    var win = c.winners ? c.winners[k] : -1;
    output.querySelectorAll('td').forEach(function (td) {
      var on = Number(td.dataset.row) === oi && Number(td.dataset.col) === oj;
      td.classList.toggle('current', on);
      td.style.outline = on ? '3px solid #1f77b4' : '';
    });
    input.querySelectorAll('td').forEach(function (td) {
      var u = Number(td.dataset.row) - oi * c.stride, v = Number(td.dataset.col) - oj * c.stride;
      var on = u >= 0 && v >= 0 && u < c.window && v < c.window;
      var won = on && win >= 0 && u * c.window + v === win;
      td.classList.toggle('window', on);
      td.classList.toggle('winner', won);
      td.style.outline = on ? '3px solid #d62728' : '';
      td.style.fontWeight = won ? 'bold' : '';
      if (!(Number(td.dataset.row) < c.pad || Number(td.dataset.col) < c.pad
        || Number(td.dataset.row) >= data.x.length + c.pad || Number(td.dataset.col) >= data.x[0].length + c.pad)) {
        td.style.background = won ? '#ffd24d' : '';
      }
    });
    sum.textContent = c.sums[k];
  }
  build();
}
