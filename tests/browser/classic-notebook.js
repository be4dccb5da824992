// Shared by the kernel's browser checks: opens a notebook URL in the classic Jupyter Notebook (6.x)
// in headless Chromium, waits until the kernel has answered kernel_info, runs `use(page)` and
// closes the browser. A failure prints its stack and exits 1.
const puppeteer = require('puppeteer-core');

async function withNotebook(url, timeout, use) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load', timeout });
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
        && Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.language_info,
        { timeout, polling: 200 });
    return await use(page);
  } finally {
    await browser.close();
  }
}

/** Runs `main` and turns any failure into a printed stack and exit code 1. */
function run(main) {
  main().catch((e) => {
    console.error(String(e && e.stack || e));
    process.exit(1);
  });
}

module.exports = { withNotebook, run };
