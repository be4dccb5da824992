// Drives the convolution and pooling explorers of an open page (check-pages.js calls this) the way a
// student would: changes controls, clicks and hovers output cells, plays and pauses, and reads back
// what each explorer shows. It judges nothing: the JUnit side compares the readings with ConvKit.
'use strict';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What an explorer shows right now: controls, the shown sum, the chosen cell, the outlined window.
function read(tab, id) {
  return tab.$eval('#' + id, (root) => {
    const cells = (sel) => [...root.querySelectorAll(sel)].map((td) => [Number(td.dataset.row), Number(td.dataset.col)]);
    const table = (role) => {
      const t = root.querySelector('table[data-role=' + role + ']');
      return t ? [...t.rows].map((r) => [...r.cells].map((c) => c.firstChild ? c.firstChild.textContent : '')) : null;
    };
    const controls = {};
    const options = {};
    for (const s of root.querySelectorAll('select')) {
      controls[s.dataset.role] = s.value;
      options[s.dataset.role] = [...s.options].map((o) => ({ value: o.value, disabled: o.disabled }));
    }
    const text = (role) => { const e = root.querySelector('[data-role=' + role + ']'); return e ? e.textContent : null; };
    const play = root.querySelector('[data-role=play]');
    return {
      controls, options, sum: text('sum'), note: text('mode-note'), why: text('why'),
      current: cells('table[data-role=output] td.current'), window: cells('table[data-role=input] td.window'),
      winner: cells('table[data-role=input] td.winner'), input: table('input'), output: table('output'),
      playing: play ? play.dataset.playing === 'true' : null,
    };
  });
}

// Sets controls in order as a user would; an option the explorer disabled is not forced but noted.
async function set(tab, id, wanted) {
  const refused = [];
  for (const [role, value] of wanted) {
    const ok = await tab.$eval('#' + id + ' select[data-role=' + role + ']', (s, v) => {
      const o = [...s.options].find((x) => x.value === v);
      if (!o || o.disabled || s.disabled) return false;
      s.value = v;
      s.dispatchEvent(new Event('change'));
      return true;
    }, String(value));
    if (!ok) refused.push(role + '=' + value);
  }
  return refused;
}

async function click(tab, id, row, col) {
  const cell = await tab.$('#' + id + ' table[data-role=output] td[data-row="' + row + '"][data-col="' + col + '"]');
  if (!cell) return false;
  await cell.click();
  return true;
}

async function hover(tab, id, row, col) {
  const cell = await tab.$('#' + id + ' table[data-role=output] td[data-row="' + row + '"][data-col="' + col + '"]');
  if (!cell) return false;
  await cell.hover();
  return true;
}

async function away(tab, id) {
  await tab.hover('#' + id + ' [data-role=sum]');
}

async function ready(tab, id) {
  await tab.waitForSelector('#' + id + '[data-ready=true]', { timeout: 15000 });
}

async function convolution(tab, id) {
  await ready(tab, id);
  const r = { id, steps: [] };
  r.first = await read(tab, id);
  // dilation 2 and "same", a click on the last output cell
  const refused = await set(tab, id, [['dilation', 2], ['mode', 'same']]);
  let now = await read(tab, id);
  const rows = now.output ? now.output.length : 0, cols = rows ? now.output[0].length : 0;
  await click(tab, id, rows - 1, cols - 1);
  r.steps.push({ what: 'dilation 2, same, click the last cell', refused, ...(await read(tab, id)) });
  // hover over (0, 1), then leave: the clicked cell is shown again
  await hover(tab, id, 0, Math.min(1, cols - 1));
  r.steps.push({ what: 'hover (0, 1)', refused: [], ...(await read(tab, id)) });
  await away(tab, id);
  r.steps.push({ what: 'mouse away', refused: [], ...(await read(tab, id)) });
  // play for a while, then pause: the position moves, then stops
  await tab.click('#' + id + ' [data-role=play]');
  await sleep(1500);
  r.steps.push({ what: 'playing', refused: [], ...(await read(tab, id)) });
  await tab.click('#' + id + ' [data-role=play]');
  const paused = await read(tab, id);
  await sleep(1300);
  r.steps.push({ what: 'paused', refused: [], ...paused });
  r.steps.push({ what: 'still paused', refused: [], ...(await read(tab, id)) });
  await tab.click('#' + id + ' [data-role=step]');
  r.steps.push({ what: 'next position', refused: [], ...(await read(tab, id)) });
  // true convolution, stride 2, full padding, a click on (0, 0)
  const refused2 = await set(tab, id, [['op', 'convolve'], ['stride', 2], ['mode', 'full']]);
  await click(tab, id, 0, 0);
  r.steps.push({ what: 'convolve, stride 2, full, click (0, 0)', refused: refused2, ...(await read(tab, id)) });
  // back to explicit padding 1, dilation 1: the P control counts again
  const refused3 = await set(tab, id, [['op', 'correlate'], ['stride', 1], ['dilation', 1], ['mode', 'explicit'], ['pad', 1]]);
  await click(tab, id, 0, 0);
  r.steps.push({ what: 'explicit P=1, click (0, 0)', refused: refused3, ...(await read(tab, id)) });
  return r;
}

async function pooling(tab, id) {
  await ready(tab, id);
  const r = { id, steps: [] };
  r.first = await read(tab, id);
  // average over 3x3 windows at stride 1, a click on the last output cell
  const refused = await set(tab, id, [['kind', 'avg'], ['stride', 1], ['window', 3]]);
  const now = await read(tab, id);
  const rows = now.output ? now.output.length : 0, cols = rows ? now.output[0].length : 0;
  await click(tab, id, rows - 1, cols - 1);
  r.steps.push({ what: 'average, K=3, S=1, click the last cell', refused, ...(await read(tab, id)) });
  await hover(tab, id, 0, 0);
  r.steps.push({ what: 'hover (0, 0)', refused: [], ...(await read(tab, id)) });
  await away(tab, id);
  r.steps.push({ what: 'mouse away', refused: [], ...(await read(tab, id)) });
  // max with padding 1: a corner window holds padding, which never wins
  const refused2 = await set(tab, id, [['kind', 'max'], ['pad', 1]]);
  await click(tab, id, 0, 0);
  r.steps.push({ what: 'max, P=1, click (0, 0)', refused: refused2, ...(await read(tab, id)) });
  const refused3 = await set(tab, id, [['pad', 0], ['window', 2], ['stride', 2]]);
  await click(tab, id, 0, Math.min(1, cols - 1));
  r.steps.push({ what: 'max, K=2, S=2, click (0, 1)', refused: refused3, ...(await read(tab, id)) });
  return r;
}

// Every explorer of the page: { convolution: [...], pooling: [...] }, or an error per explorer.
async function checkExplorers(tab) {
  const out = { convolution: [], pooling: [] };
  const kinds = [['convolution', '.convkit-explorer', convolution], ['pooling', '.convkit-pool-explorer', pooling]];
  for (const [kind, selector, drive] of kinds) {
    for (const id of await tab.$$eval(selector, (els) => els.map((e) => e.id))) {
      try {
        out[kind].push(await drive(tab, id));
      } catch (e) {
        out[kind].push({ id, error: String(e && e.message || e) });
      }
    }
  }
  return out;
}

module.exports = { checkExplorers };
