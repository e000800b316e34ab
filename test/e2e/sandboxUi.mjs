// UI checks of the sandbox `npm start` shows (the story fake, AWS_CICD_SANDBOX=1), in the workbench: the
// AWS CI/CD views with the pipeline that waits for approval and the failed build, then that build's log
// with its errors in Problems. Each saves a screenshot (sandbox-*.png), the README's candidates.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openNewestBuildLog, until } from './ui.mjs';

/** Runs the checks; returns outcomes in the runner's format. */
export async function runSandboxUi(page, { screenshotsDir, log }) {
  mkdirSync(screenshotsDir, { recursive: true });
  const outcomes = [];
  const shot = (name) => page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
  async function check(title, fn) {
    const started = Date.now();
    try {
      await fn();
      outcomes.push({ title: `ui ${title}`, state: 'passed', durationMs: Date.now() - started });
      log(`  ✔ ui ${title} (${Date.now() - started} ms)`);
    } catch (err) {
      await shot(`failed-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
      outcomes.push({ title: `ui ${title}`, state: 'failed', error: String(err?.stack ?? err) });
      log(`  ✘ ui ${title}: ${err?.message ?? err}`);
      await page.keyboard.press('Escape').catch(() => {});
    }
  }

  /** The rows of one view (Pipelines or CodeBuild), by the title of its pane. */
  const pane = (title) =>
    page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
  const rowsOf = (title) => pane(title).locator('.monaco-list-row');
  const textsOf = async (title) =>
    (await rowsOf(title).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const rowOf = (title, label) =>
    rowsOf(title)
      // A row's text runs its label into its description ("storefront-apiin progress").
      .filter({ hasText: new RegExp(`^\\s*${label.replace(/[#.]/g, '\\$&')}(?!-)`) })
      .first();

  await check('sandbox: the views show the approval that waits and the failed build', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="AWS CI/CD"]').first().click();
    await until('the Pipelines view to list storefront-api', async () =>
      (await textsOf('Pipelines')).some((t) => t.startsWith('storefront-api')),
    );
    await rowOf('Pipelines', 'storefront-api').click();
    await until('storefront-api to show its stages', async () =>
      (await textsOf('Pipelines')).some((t) => t.startsWith('Approve')),
    );
    await rowOf('Pipelines', 'Approve').click();
    await until('the CodeBuild view to list storefront-api', async () =>
      (await textsOf('CodeBuild')).some((t) => t.startsWith('storefront-api')),
    );
    await rowOf('CodeBuild', 'storefront-api').click();
    await until('storefront-api to show its builds', async () =>
      (await textsOf('CodeBuild')).some((r) => /^#\d+/.test(r)),
    );
    // web-frontend: its batch build and the build that runs.
    await rowOf('CodeBuild', 'web-frontend').click();
    const builds = await until('web-frontend to show its batch build', async () => {
      const t = await textsOf('CodeBuild');
      return t.some((r) => /^Batch|batch/.test(r)) ? t : undefined;
    });
    // Wide enough for whole descriptions (best effort).
    const bar = await page.locator('.part.sidebar').boundingBox();
    if (bar) {
      await page.mouse.move(bar.x + bar.width - 1, bar.y + bar.height / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x + 620, bar.y + bar.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    await page.mouse.move(0, 0);
    await shot('sandbox-explorer');
    const pipelines = await textsOf('Pipelines');
    log(`    pipelines: ${pipelines.join(' | ')}`);
    log(`    builds: ${builds.join(' | ')}`);
    if (!pipelines.some((t) => /^Approve.*in progress/i.test(t)))
      throw new Error(`no approval in progress: ${pipelines.join(' | ')}`);
    if (!builds.some((t) => /^#\d+.*failed/i.test(t)))
      throw new Error(`no failed build: ${builds.join(' | ')}`);
  });

  await check('sandbox: Approve… shows the notes and the review link first', async () => {
    const dialog = page.locator('.monaco-dialog-box');
    // A try that opened no dialog in 10 s is made again (a tree redraw while a sandbox build runs can
    // replace the row or its menu between the two clicks), and says what it saw.
    let clickedAt = -Infinity;
    const text = await until('the approval dialog', async () => {
      if (Date.now() - clickedAt > 10_000 && !(await dialog.isVisible())) {
        if (clickedAt > 0) {
          const toasts = await page.locator('.notification-toast').allInnerTexts();
          log(`    approve: no dialog 10 s after the click; notifications: ${toasts.join(' | ') || 'none'}`);
        }
        await page.keyboard.press('Escape');
        // The second "Approve" row is the action (the first is its stage).
        const action = rowsOf('Pipelines')
          .filter({ hasText: /^\s*Approve(?!-)/ })
          .nth(1);
        await action.click({ button: 'right', timeout: 5_000 });
        const menu = (await page.locator('.context-view .action-item').allInnerTexts()).join(' | ');
        // Clicked as soon as the menu shows, the item did nothing four times in five (the command never
        // ran); pointed at first and clicked a moment later, as a person does, it runs at once.
        const item = page.locator('.context-view .action-item', { hasText: 'Approve…' }).first();
        await item.hover({ timeout: 5_000 });
        await page.waitForTimeout(300);
        await item.click({ timeout: 5_000 });
        clickedAt = Date.now();
        log(
          `    approve: clicked (row "${(await action.innerText().catch(() => '?')).replace(/\s+/g, ' ')}", menu: ${menu})`,
        );
      }
      const t = (await dialog.innerText({ timeout: 2_000 })).replace(/\s+/g, ' ');
      return t.includes('order history') ? t : undefined;
    });
    // Drawn in full: its fade-in over.
    await page
      .waitForFunction(
        () => document.querySelector('.monaco-dialog-box')?.getAnimations({ subtree: true }).length === 0,
        undefined,
        { timeout: 2_000 },
      )
      .catch(() => {});
    await shot('sandbox-approval');
    log(`    approval dialog: ${text.slice(0, 300)}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    if (!text.includes('github.com')) throw new Error(`the review link's host is not named: ${text}`);
  });

  await check("sandbox: the failed build's log, its errors in Problems", async () => {
    // The newest build is the failed one.
    const { input, lines } = await openNewestBuildLog(page, 'storefront-api');
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await page.keyboard.press('Control+Shift+M');
    const problems = await until('the type error in Problems', async () => {
      const t = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      return t.some((r) => r.includes('TS2345')) ? t : undefined;
    });
    // Bring the type error and the failing test into view: find the compiler's line.
    await editor.click();
    await page.keyboard.press('Control+F');
    await input.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => {});
    await page.keyboard.type('error TS2345');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    // The whole width for the log (the views have their own screenshot), the type error near the top
    // and the failing test below it.
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Home');
    for (let i = 0; i < 14; i++) await page.keyboard.press('Control+ArrowDown');
    const shown = await until('the type error on screen', async () => {
      const t = (await lines.innerText()).replace(/\u00a0/g, ' ');
      return t.includes('error TS2345') ? t : undefined;
    });
    const coloured = await page
      .locator('.editor-group-container.active .view-lines span[class*="ced-"]')
      .count();
    await page.mouse.move(0, 0);
    await shot('sandbox-build-log');
    log(`    problems: ${problems.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`);
    if (shown.includes('\x1b')) throw new Error('escape codes are visible');
    if (coloured < 1) throw new Error('no ANSI colour decoration on screen');
    // The whole story at once: the views, the log, its errors.
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: 5_000 });
    await page.mouse.move(0, 0);
    await shot('sandbox-overview');
  });

  return outcomes;
}
