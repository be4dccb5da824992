// Opens every HTML page under a folder in Debian's headless Chromium (puppeteer-core, no browser
// download), offline: every request is intercepted and only files inside the folder are let through.
// Prints one JSON report per page on stdout; the JUnit test (NotebooksRunTest) judges them.
//
//   node check-pages.js FOLDER [--chromium /usr/bin/chromium]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const puppeteer = require('puppeteer-core');
const { checkExplorers } = require('./explorers-check');

const SKIP = new Set(['mathjax', 'require', 'node_modules']);

function pages(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pages(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

function inside(root, url) {
  if (url.startsWith('data:') || url.startsWith('about:')) return true;
  if (!url.startsWith('file:')) return false;
  const file = path.resolve(fileURLToPath(url.split('?')[0].split('#')[0]));
  return file === root || file.startsWith(root + path.sep);
}

// Each receptive-field tracer: click the bottom-left unit of its deepest layer, read back the cells
// it highlights in every layer, the formula's box in the input and the formula; then hover over
// unit (0, 0) of the layer below and leave again (the click must stay). The JUnit test compares
// all of it with ConvKit's ReceptiveField.
async function checkTracers(tab) {
  const out = [];
  for (const id of await tab.$$eval('.convkit-rfield', (els) => els.map((e) => e.id))) {
    const q = (sel) => '#' + id + ' ' + sel;
    const deepest = (await tab.$$(q('[data-role=layer]'))).length - 1;
    const t = { id, layers: deepest + 1 };
    const layer = q('[data-role=layer][data-layer="' + deepest + '"]');
    const rows = await tab.$$eval(layer + ' > div', (cs) => Math.max(...cs.map((c) => Number(c.dataset.row))) + 1);
    const cell = await tab.$(layer + ' > div[data-row="' + (rows - 1) + '"][data-col="0"]');
    if (!cell || deepest < 1) { t.error = 'no unit to click in layer ' + deepest; out.push(t); continue; }
    await cell.click();
    t.unit = await tab.$eval('#' + id, (e) => e.dataset.unit);
    t.lit = [];
    for (let m = 0; m <= deepest; m++) {
      t.lit.push(await tab.$$eval(q('[data-role=layer][data-layer="' + m + '"] > div.rf-in, [data-role=layer][data-layer="'
        + m + '"] > div.rf-unit'), (cs) => cs.map((c) => [Number(c.dataset.row), Number(c.dataset.col)])));
    }
    t.box = await tab.$$eval(q('[data-role=layer][data-layer="0"] > div.rf-box'),
      (cs) => cs.map((c) => [Number(c.dataset.row), Number(c.dataset.col)]));
    t.formula = await tab.$eval(q('[data-role=formula]'), (e) => e.textContent);
    t.field = await tab.$eval(q('[data-role=field]'), (e) => e.textContent);
    // scrolling may send the mouse events of its own: settle first, then give each move time to land
    const under = q('[data-role=layer][data-layer="' + (deepest - 1) + '"] > div[data-row="0"][data-col="0"]');
    await tab.$eval(under, (e) => e.scrollIntoView({ block: 'center' }));
    await new Promise((r) => setTimeout(r, 200));
    const settle = (want) => tab.waitForFunction((sel, w) => document.querySelector(sel).dataset.unit === w,
      { timeout: 3000 }, '#' + id, want).catch(() => null);
    await tab.hover(under);
    await settle((deepest - 1) + ',0,0');
    t.hovered = await tab.$eval('#' + id, (e) => e.dataset.unit);
    await tab.mouse.move(1, 1);
    await settle(t.unit);
    t.afterHover = await tab.$eval('#' + id, (e) => e.dataset.unit);
    out.push(t);
  }
  return out;
}

async function check(browser, root, page) {
  const report = { page: path.relative(root, page), outside: [], failed: [], errors: [] };
  const tab = await browser.newPage();
  await tab.setRequestInterception(true);
  tab.on('request', (req) => {
    if (inside(root, req.url())) req.continue();
    else { report.outside.push(req.url()); req.abort('blockedbyclient'); }
  });
  tab.on('requestfailed', (req) => {
    if (inside(root, req.url())) report.failed.push(req.url() + ' ' + (req.failure() || {}).errorText);
  });
  tab.on('pageerror', (err) => report.errors.push(String(err.message || err)));
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load', timeout: 60000 });
  // MathJax 2 typesets from a queue; a callback queued now runs once the page's typesetting is done.
  report.mathjax = await tab.evaluate(() => new Promise((resolve) => {
    if (!window.MathJax || !window.MathJax.Hub) { resolve(false); return; }
    const timer = setTimeout(() => resolve(false), 30000);
    window.MathJax.Hub.Queue(() => { clearTimeout(timer); resolve(true); });
  }));
  Object.assign(report, await tab.evaluate(() => {
    const markdown = [...document.querySelectorAll('.jp-MarkdownOutput, .text_cell_render')];
    const text = markdown.map((m) => m.innerText).join('\n');
    const raw = text.match(/\$[^$\n]+\$|\\\(|\\\[/g) || [];
    const imgs = [...document.images];
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))
      .filter((h) => !h.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(h));
    return {
      formulas: document.querySelectorAll('script[type^="math/tex"]').length,
      typeset: document.querySelectorAll('.MathJax_CHTML').length,
      mathErrors: document.querySelectorAll('.MathJax_Error, .mjx-merror').length,
      rawMath: raw.slice(0, 10),
      images: imgs.length,
      brokenImages: imgs.filter((i) => !i.complete || i.naturalWidth === 0).length,
      links,
    };
  }));
  // The convolution and pooling explorers, driven as a student would (explorers-check.js).
  const explorers = await checkExplorers(tab);
  report.explorers = explorers.convolution;
  report.poolExplorers = explorers.pooling;
  report.tracers = await checkTracers(tab);
  report.deadLinks = report.links.filter((h) => !fs.existsSync(path.resolve(path.dirname(page), decodeURI(h.split('#')[0]))));
  await tab.close();
  return report;
}

async function main() {
  const args = process.argv.slice(2);
  let chromium = '/usr/bin/chromium';
  const at = args.indexOf('--chromium');
  if (at >= 0) { chromium = args[at + 1]; args.splice(at, 2); }
  if (args.length !== 1 || !fs.statSync(args[0], { throwIfNoEntry: false })?.isDirectory()) {
    console.error('usage: node check-pages.js FOLDER [--chromium PATH]  (a folder of exported HTML pages)');
    process.exit(2);
  }
  if (!fs.existsSync(chromium)) {
    console.error('check-pages: no Chromium at ' + chromium + '; install the Debian package chromium (./convkit setup)');
    process.exit(2);
  }
  const root = fs.realpathSync(path.resolve(args[0]));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'convkit-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--user-data-dir=' + profile],
  });
  const reports = [];
  try {
    for (const p of pages(root)) reports.push(await check(browser, root, p));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(reports, null, 1) + '\n');
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
