// ConvKit's sliding-window explorer: shows numbers ConvKit computed for every setting of the
// controls (embedded as JSON next to this script). No library, nothing loaded from elsewhere.
function convkitExplorer(id) {
  var root = document.getElementById(id);
  var data = JSON.parse(document.getElementById(id + '-data').textContent);
  var state = { op: 'correlate', stride: 1, pad: 0, cell: 0 };
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function select(role, label, options) {
    var s = el('select', { 'data-role': role });
    options.forEach(function (o) { s.appendChild(el('option', { value: String(o[0]) }, o[1])); });
    s.addEventListener('change', function () { state[role] = role === 'op' ? s.value : Number(s.value); state.cell = 0; draw(); });
    var l = el('label', { style: 'margin-right:1em' }, label + ' ');
    l.appendChild(s);
    return l;
  }
  var controls = el('div', { style: 'margin:0.5em 0' });
  controls.appendChild(select('op', 'operation', [['correlate', 'cross-correlation'], ['convolve', 'convolution (kernel rotated)']]));
  controls.appendChild(select('stride', 'stride S', [[1, '1'], [2, '2'], [3, '3']]));
  controls.appendChild(select('pad', 'padding P', [[0, '0'], [1, '1'], [2, '2']]));
  var step = el('button', { 'data-role': 'step', type: 'button' }, 'next position');
  controls.appendChild(step);
  var view = el('div', { style: 'display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap' });
  var sum = el('pre', { 'data-role': 'sum', style: 'white-space:pre-wrap;font-size:110%' });
  root.appendChild(controls); root.appendChild(view); root.appendChild(sum);
  step.addEventListener('click', function () {
    var c = data.configs[state.op + '/' + state.stride + '/' + state.pad];
    if (!c.error) { state.cell = (state.cell + 1) % (c.rows * c.cols); draw(); }
  });
  function table(title, rows, cols, text, cls) {
    var box = el('div');
    box.appendChild(el('div', { style: 'font-weight:bold;margin-bottom:0.3em' }, title));
    var t = el('table', { 'data-role': cls, style: 'border-collapse:collapse' });
    for (var i = 0; i < rows; i++) {
      var tr = el('tr');
      for (var j = 0; j < cols; j++) {
        var td = el('td', { 'data-row': i, 'data-col': j,
          style: 'border:1px solid #999;min-width:2.4em;height:2.2em;text-align:center;padding:0 0.3em' }, text(i, j));
        tr.appendChild(td);
      }
      t.appendChild(tr);
    }
    box.appendChild(t);
    return box;
  }
  function draw() {
    var c = data.configs[state.op + '/' + state.stride + '/' + state.pad];
    view.innerHTML = '';
    var h = data.x.length, w = data.x[0].length, p = state.pad, kh = data.kernel.length, kw = data.kernel[0].length;
    var input = table('input, zero padding P=' + p, h + 2 * p, w + 2 * p, function (i, j) {
      var r = i - p, q = j - p;
      return r >= 0 && q >= 0 && r < h && q < w ? String(data.x[r][q]) : '0';
    }, 'input');
    view.appendChild(input);
    var used = c.used || data.kernel;
    view.appendChild(table(state.op === 'convolve' ? 'rot180(K)' : 'K', kh, kw, function (i, j) { return String(used[i][j]); }, 'kernel'));
    input.querySelectorAll('td').forEach(function (td) {
      var i = Number(td.dataset.row), j = Number(td.dataset.col);
      if (i < p || j < p || i >= h + p || j >= w + p) { td.style.background = '#e6e6e6'; td.style.color = '#555'; }
    });
    if (c.error) { sum.textContent = c.error; step.disabled = true; return; }
    step.disabled = false;
    var out = table('output ' + c.rows + 'x' + c.cols, c.rows, c.cols, function (i, j) { return c.y[i * c.cols + j]; }, 'output');
    view.appendChild(out);
    out.querySelectorAll('td').forEach(function (td) {
      td.style.cursor = 'pointer';
      td.addEventListener('click', function () { state.cell = Number(td.dataset.row) * c.cols + Number(td.dataset.col); draw(); });
    });
    var oi = Math.floor(state.cell / c.cols), oj = state.cell % c.cols;
    out.querySelector('td[data-row="' + oi + '"][data-col="' + oj + '"]').style.outline = '3px solid #1f77b4';
    input.querySelectorAll('td').forEach(function (td) {
      var i = Number(td.dataset.row) - oi * c.stride, j = Number(td.dataset.col) - oj * c.stride;
      if (i >= 0 && j >= 0 && i < kh && j < kw) {
        td.classList.add('window');
        td.style.outline = '3px solid #d62728';
        td.appendChild(el('sub', { style: 'color:#d62728;margin-left:0.2em' }, '\u00d7' + used[i][j]));
      }
    });
    sum.textContent = c.sums[state.cell];
  }
  draw();
}
