// Opens a notebook in the classic Jupyter Notebook (6.x) in headless Chromium, runs its first cell,
// waits until the cell has finished and then `wait` ms more, and prints the cell's outputs as the
// page holds them (one JSON line): a display that a thread left running by the cell updates later
// must show its last content there.
// usage: node late_update.js <notebook URL with token> <wait ms> [timeout ms]
const { withNotebook, run } = require('./classic-notebook');

const [url, waitArg, timeoutArg] = process.argv.slice(2);
const wait = Number(waitArg || 5000);
const timeout = Number(timeoutArg || 120000);
if (!url) {
  console.error('usage: node late_update.js <notebook URL> <wait ms> [timeout ms]');
  process.exit(2);
}

run(() => withNotebook(url, timeout, async (page) => {
  await page.evaluate(() => Jupyter.notebook.execute_cells([0]));
  // the cell has ended when its prompt shows a number instead of '*'
  await page.waitForFunction(() => {
    const cell = Jupyter.notebook.get_cell(0);
    return cell.input_prompt_number !== '*' && cell.input_prompt_number !== undefined && cell.input_prompt_number !== null;
  }, { timeout, polling: 100 });
  const atEnd = await page.evaluate(() => Jupyter.notebook.get_cell(0).element.find('.output_area').text());
  await new Promise((r) => setTimeout(r, wait));
  const later = await page.evaluate(() => Jupyter.notebook.get_cell(0).element.find('.output_area').text());
  console.log(JSON.stringify({ atEnd, later }));
}));
