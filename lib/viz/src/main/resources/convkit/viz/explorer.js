// ConvKit's convolution explorer: shows numbers ConvKit computed for every setting of the controls
// (embedded as JSON next to this script). No library, nothing loaded from elsewhere; every element
// lives under the widget's own root, so several explorers on one page do not meet.
function convkitExplorer(id) {
  var root = document.getElementById(id);
  // the data is gzipped JSON in Base64 (ConvKit's sums repeat a lot); the browser unpacks it
  if (typeof DecompressionStream === 'undefined') {
    root.textContent = 'This explorer needs a browser from 2023 or later (DecompressionStream).';
    return;
  }
  var bin = atob(document.getElementById(id + '-data').textContent.trim()), bytes = new Uint8Array(bin.length);
  for (var b = 0; b < bin.length; b++) bytes[b] = bin.charCodeAt(b);
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
    .then(function (text) { convkitExplorerShow(root, JSON.parse(text)); root.dataset.ready = 'true'; })
    .catch(function (e) { root.textContent = 'The explorer could not read its data: ' + e; });
}

function convkitExplorerShow(root, data) {
  var state = { op: 'correlate', stride: 1, dilation: 1, mode: 'explicit', pad: 0, cell: 0, hover: null };
  var timer = null, block = null;
  var LABELS = { op: 'operation', stride: 'stride S', dilation: 'dilation D', mode: 'mode', pad: 'padding P' };
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function keyOf(s) {
    return [s.op, s.stride, s.dilation, s.mode, s.mode === 'explicit' ? s.pad : '-'].join('/');
  }
  var selects = {};
  function select(role, options) {
    var s = el('select', { 'data-role': role });
    options.forEach(function (o) { s.appendChild(el('option', { value: String(o[0]) }, o[1])); });
    s.addEventListener('change', function () {
      state[role] = role === 'op' || role === 'mode' ? s.value : Number(s.value);
      state.cell = 0; state.hover = null; build();
    });
    var l = el('label', { style: 'margin-right:1em' }, LABELS[role] + ' ');
    l.appendChild(s);
    selects[role] = s;
    return l;
  }
  function pairs(list) { return list.map(function (v) { return [v, String(v)]; }); }
  var controls = el('div', { style: 'margin:0.5em 0;line-height:2' });
  controls.appendChild(select('op', [['correlate', 'cross-correlation'], ['convolve', 'convolution (kernel rotated)']]));
  controls.appendChild(select('stride', pairs(data.strides)));
  controls.appendChild(select('dilation', pairs(data.dilations)));
  controls.appendChild(select('mode', [['explicit', 'explicit P'], ['valid', 'valid'], ['same', 'same'], ['full', 'full']]));
  controls.appendChild(select('pad', pairs(data.paddings)));
  var step = el('button', { 'data-role': 'step', type: 'button' }, 'next position');
  var play = el('button', { 'data-role': 'play', type: 'button', style: 'margin-left:0.5em' }, 'play');
  controls.appendChild(step); controls.appendChild(play);
  var note = el('div', { 'data-role': 'mode-note', style: 'color:#333' });
  var whyBox = el('details', { style: 'color:#8a5a00;font-size:90%' });
  var whyTitle = el('summary', { style: 'cursor:pointer' });
  var why = el('div', { 'data-role': 'why', style: 'white-space:pre-line;margin-left:1em' });
  whyBox.appendChild(whyTitle); whyBox.appendChild(why);
  var view = el('div', { style: 'display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap;margin-top:0.5em' });
  var sum = el('pre', { 'data-role': 'sum', style: 'white-space:pre-wrap;font-size:110%' });
  [controls, note, whyBox, view, sum].forEach(function (e) { root.appendChild(e); });
  step.addEventListener('click', function () { advance(); });
  play.addEventListener('click', function () {
    if (timer) stop();
    else if (block) { timer = setInterval(advance, 600); play.textContent = 'pause'; play.dataset.playing = 'true'; }
  });
  function stop() {
    if (timer) clearInterval(timer);
    timer = null; play.textContent = 'play'; play.dataset.playing = 'false';
  }
  function advance() {
    if (!block) return;
    state.cell = (state.cell + 1) % (block.rows * block.cols); state.hover = null; mark();
  }
  // Options ConvKit rejects with the other controls as they are: disabled, and the reason listed.
  function disableRejected() {
    var reasons = [];
    Object.keys(selects).forEach(function (role) {
      var s = selects[role];
      s.disabled = role === 'pad' && state.mode !== 'explicit';
      s.title = s.disabled ? 'set by the mode' : '';
      Array.prototype.forEach.call(s.options, function (o) {
        var t = {}; for (var k in state) t[k] = state[k];
        t[role] = role === 'op' || role === 'mode' ? o.value : Number(o.value);
        var st = data.settings[keyOf(t)];
        o.disabled = !!st.error && o.value !== String(state[role]);
        if (o.disabled && !s.disabled) reasons.push(LABELS[role] + ' ' + o.textContent + ': ' + st.error);
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
  var input = null, output = null;
  function build() {
    disableRejected();
    var st = data.settings[keyOf(state)];
    note.textContent = st.note;
    view.innerHTML = '';
    var h = data.x.length, w = data.x[0].length;
    var used = state.op === 'convolve' ? data.rot : data.kernel;
    block = st.error ? null : data.blocks[st.block];
    var ph = block ? block.padH : 0, pw = block ? block.padW : 0;
    input = table('input' + (block ? ', zero padding ' + (ph === pw ? 'P=' + ph : ph + ' rows, ' + pw + ' columns') : ''),
      h + 2 * ph, w + 2 * pw, function (i, j) {
        var r = i - ph, q = j - pw;
        return r >= 0 && q >= 0 && r < h && q < w ? String(data.x[r][q]) : '0';
      }, 'input');
    view.appendChild(input);
    input.querySelectorAll('td').forEach(function (td) {
      var i = Number(td.dataset.row), j = Number(td.dataset.col);
      if (i < ph || j < pw || i >= h + ph || j >= w + pw) { td.style.background = '#e6e6e6'; td.style.color = '#555'; }
    });
    view.appendChild(table(state.op === 'convolve' ? 'rot180(K)' : 'K', used.length, used[0].length,
      function (i, j) { return String(used[i][j]); }, 'kernel'));
    if (!block) { stop(); output = null; sum.textContent = st.error; step.disabled = true; play.disabled = true; return; }
    step.disabled = false; play.disabled = false;
    output = table('output ' + block.rows + 'x' + block.cols, block.rows, block.cols,
      function (i, j) { return block.y[i * block.cols + j]; }, 'output');
    view.appendChild(output);
    output.querySelectorAll('td').forEach(function (td) {
      var k = Number(td.dataset.row) * block.cols + Number(td.dataset.col);
      td.style.cursor = 'pointer';
      td.addEventListener('click', function () { state.cell = k; state.hover = null; mark(); });
      td.addEventListener('mouseenter', function () { state.hover = k; mark(); });
      td.addEventListener('mouseleave', function () { state.hover = null; mark(); });
    });
    mark();
  }
  // Outlines the shown cell (hovered, else chosen) and its window: taps D apart, S per output step.
  function mark() {
    var used = state.op === 'convolve' ? data.rot : data.kernel;
    var k = state.hover === null ? state.cell : state.hover;
    var oi = Math.floor(k / block.cols), oj = k % block.cols;
    output.querySelectorAll('td').forEach(function (td) {
      var on = Number(td.dataset.row) === oi && Number(td.dataset.col) === oj;
      td.classList.toggle('current', on);
      td.style.outline = on ? '3px solid #1f77b4' : '';
    });
    input.querySelectorAll('td').forEach(function (td) {
      var old = td.querySelector('sub');
      if (old) td.removeChild(old);
      var di = Number(td.dataset.row) - oi * block.stride, dj = Number(td.dataset.col) - oj * block.stride;
      var u = di / block.dilation, v = dj / block.dilation;
      var on = di >= 0 && dj >= 0 && u % 1 === 0 && v % 1 === 0 && u < used.length && v < used[0].length;
      td.classList.toggle('window', on);
      td.style.outline = on ? '3px solid #d62728' : '';
      if (on) td.appendChild(el('sub', { style: 'color:#d62728;margin-left:0.2em' }, '\u00d7' + used[u][v]));
    });
    sum.textContent = block.sums[k];
  }
  build();
}
