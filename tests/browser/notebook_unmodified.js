// Opens a notebook in the classic Jupyter Notebook (6.x) in headless Chromium, waits until the
// kernel has answered kernel_info (the moment the Notebook compares the kernel's language_info
// with the file's and marks the notebook as changed if they differ), then prints what the page
// shows as one JSON line: dirty flag, the "(unsaved changes)" status, both language_info values.
// usage: node notebook_unmodified.js <notebook URL with token> [timeout ms]
const { withNotebook, run } = require('./classic-notebook');

const [url, timeoutArg] = process.argv.slice(2);
const timeout = Number(timeoutArg || 120000);
if (!url) {
  console.error('usage: node notebook_unmodified.js <notebook URL> [timeout ms]');
  process.exit(2);
}

run(() => withNotebook(url, timeout, async (page) => {
  await new Promise((r) => setTimeout(r, 2000)); // let the kernel_ready handlers and the save widget run
  const state = await page.evaluate(() => {
    const status = document.querySelector('.autosave_status');
    return {
      dirty: Jupyter.notebook.dirty,
      status: status ? status.textContent : null,
      title: document.title,
      stored: Jupyter.notebook.metadata.language_info,
      kernel: Jupyter.notebook.kernel.info_reply.language_info,
    };
  });
  console.log(JSON.stringify(state));
}));
