// UI-level checks in the real workbench: what a person sees after opening a buildspec. Each check
// waits on the DOM with a deadline, saves a screenshot and asserts on visible text.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CHECK_TIMEOUT_MS = Number(process.env.E2E_UI_TIMEOUT_MS ?? 60_000);

export async function until(what, probe, timeoutMs = CHECK_TIMEOUT_MS, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The folder/file path the active editor's breadcrumbs show, e.g. "mistakes/buildspec.yml". */
async function activeEditorPath(page) {
  const items = await page
    .locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item')
    .allInnerTexts();
  const parts = items.map((t) => t.trim()).filter(Boolean);
  const fileIndex = parts.findIndex((p) => /\.(ya?ml|json|md|sh)$/.test(p));
  return fileIndex >= 0 ? parts.slice(0, fileIndex + 1).join('/') : parts.join('/');
}

async function quickOpen(page, relativePath) {
  const name = path.basename(relativePath);
  const dir = path.dirname(relativePath) === '.' ? '' : path.dirname(relativePath);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(relativePath);
  // Several files share a name (buildspec.yml): pick the row whose folder is the one asked for, once
  // the list has settled (the same row twice in a row), or a click can land on a re-rendered row.
  const rows = page.locator('.quick-input-list .monaco-list-row');
  let previous = -1;
  const { i: index } = await until(`quick open to list ${relativePath}`, async () => {
    const i = await rows.evaluateAll(
      (els, [n, d]) =>
        els.findIndex(
          (el) =>
            el.querySelector('.label-name')?.textContent?.trim() === n &&
            (el.querySelector('.label-description')?.textContent?.trim() ?? '').replace(/^\.\/?$/, '') === d,
        ),
      [name, dir],
    );
    const settled = i >= 0 && i === previous;
    previous = i;
    return settled ? { i } : undefined;
  });
  await rows.nth(index).click();
}

async function openFile(page, relativePath) {
  await until(`${relativePath} to be the active editor`, async () => {
    await quickOpen(page, relativePath);
    return until(
      'the breadcrumbs to update',
      async () => ((await activeEditorPath(page)) === relativePath ? true : undefined),
      3_000,
    ).catch(() => undefined);
  });
  const editor = page
    .locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines')
    .first();
  await editor.waitFor({ state: 'visible', timeout: 15_000 });
  return editor;
}

/** Waits until the hover/suggest animations have finished, so a screenshot shows them fully drawn. */
async function settled(page, selector) {
  await page
    .waitForFunction(
      (sel) =>
        [...document.querySelectorAll(sel)].every((el) =>
          el
            .getAnimations({ subtree: true })
            .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
        ),
      selector,
      { timeout: 2_000 },
    )
    .catch(() => {});
}

/** The quick input widget: its field, its rows, and a pick that types `text` and takes the row showing it. */
export function quickInput(page) {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const pick = async (text, what) => {
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    await until(what, async () =>
      (await rows.allInnerTexts()).some((t) => t.includes(text.replace(/^>/, ''))),
    );
    await page.keyboard.press('Enter');
  };
  return { input, rows, pick };
}

/**
 * Opens the newest build of `project` with AWS CI/CD: Open Build Log and waits for its lines; returns
 * the quick input (for later picks) and the active editor's lines.
 */
export async function openNewestBuildLog(page, project) {
  await page.keyboard.press('Escape');
  const quick = quickInput(page);
  await page.keyboard.press('F1');
  await quick.pick('>AWS CI/CD: Open Build Log', 'the Open Build Log command');
  await quick.pick(project, 'the projects');
  await until(`the builds of ${project}`, async () =>
    (await quick.rows.allInnerTexts()).some((t) => /^#\d+/.test(t.trim())),
  );
  // The newest build comes first.
  await page.keyboard.press('Enter');
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await until('the log to show its lines', async () => (await lines.innerText()).includes('[Container]'));
  return { ...quick, lines };
}

/** Runs the UI checks; returns outcomes in the runner's format. */
export async function runUiChecks(page, { screenshotsDir, workspace, log, control }) {
  mkdirSync(screenshotsDir, { recursive: true });
  const outcomes = [];
  const shot = (name) => page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });

  const grep = process.env.E2E_UI_GREP ? new RegExp(process.env.E2E_UI_GREP, 'i') : undefined;
  async function check(title, fn) {
    if (grep && !grep.test(title) && !title.startsWith('workbench')) return;
    const started = Date.now();
    try {
      await fn();
      outcomes.push({ title: `ui ${title}`, state: 'passed', durationMs: Date.now() - started });
      log(`  ✔ ui ${title} (${Date.now() - started} ms)`);
    } catch (err) {
      const slug = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await shot(`failed-${slug}`).catch(() => {});
      outcomes.push({ title: `ui ${title}`, state: 'failed', error: String(err?.stack ?? err) });
      log(`  ✘ ui ${title}: ${err?.message ?? err}`);
      // Leave no widget open for the next check.
      await page.keyboard.press('Escape').catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
    }
  }

  await check('workbench opens the examples folder', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: 60_000 });
    await until('the explorer to list buildspec.yml', async () =>
      (await page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts()).some((t) =>
        t.includes('buildspec.yml'),
      ),
    );
    await shot('workbench');
  });

  await check('completion widget offers phase names', async () => {
    const editor = await openFile(page, 'ui-demo/buildspec.yml');
    await editor.click();
    await page.keyboard.press('Control+End');
    // The server may still be starting: retry Ctrl+Space until its items are there.
    const labels = await until('the suggest widget to offer "build"', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await widget.waitFor({ state: 'visible', timeout: 3_000 });
      const texts = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
      return texts.map((t) => t.trim()).includes('build') ? texts : undefined;
    });
    await settled(page, '.suggest-widget');
    await shot('completion');
    log(`    suggest widget: ${labels.join(', ')}`);
    await page.keyboard.press('Escape');
  });

  await check('hover over phases shows its documentation', async () => {
    await openFile(page, 'buildspec.yml');
    const word = page
      .locator('.editor-instance .view-lines .view-line span span', { hasText: /^phases$/ })
      .first();
    await word.waitFor({ state: 'visible', timeout: 15_000 });
    const hover = page.locator(
      '.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .markdown-hover',
    );
    const text = await until('a hover with "phases"', async () => {
      await page.mouse.move(0, 0);
      await word.hover();
      await hover.first().waitFor({ state: 'visible', timeout: 3_000 });
      const t = (await hover.allInnerTexts()).join('\n');
      return t.includes('phases') ? t : undefined;
    });
    await settled(page, '.monaco-hover');
    await shot('hover');
    log(`    hover: ${text.split('\n').slice(0, 2).join(' / ').slice(0, 120)}`);
    await page.mouse.move(0, 0);
  });

  await check('Problems panel lists the mistakes', async () => {
    await openFile(page, 'mistakes/buildspec.yml');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const texts = await until('a problem mentioning pre_build', async () => {
      const t = await rows.allInnerTexts();
      return t.some((r) => r.includes('pre_build')) ? t : undefined;
    });
    await shot('problems');
    log(
      `    problems: ${texts.length} rows, e.g. ${texts.find((r) => r.includes('pre_build'))?.replace(/\s+/g, ' ')}`,
    );
  });

  /** Opens a file, clicks the language status item and returns the hover's text once `want` matches. */
  async function languageStatusOf(relativePath, want) {
    await openFile(page, relativePath);
    const item = page.locator('.statusbar-item[id="status.languageStatus"]').first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    return until(`the language status of ${relativePath} to match ${want}`, async () => {
      await item.click();
      const hover = page.locator('.monaco-hover:not(.hidden)').first();
      await hover.waitFor({ state: 'visible', timeout: 3_000 });
      const t = await hover.innerText();
      if (want.test(t)) return t;
      await page.keyboard.press('Escape');
      return undefined;
    });
  }

  await check('language status shows the buildspec version', async () => {
    const text = await languageStatusOf('buildspec.yml', /buildspec[\s\S]*0\.2/i);
    await settled(page, '.monaco-hover');
    await shot('language-status');
    log(`    language status: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
    await page.keyboard.press('Escape');
  });

  await check('language status names an ECS AppSpec', async () => {
    const text = await languageStatusOf('ecs/appspec.yaml', /ECS/);
    await settled(page, '.monaco-hover');
    await shot('language-status-appspec-ecs');
    log(`    language status: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
    await page.keyboard.press('Escape');
  });

  await check('grammar scopes shell commands (Inspect Editor Tokens)', async () => {
    const lines = readFileSync(path.join(workspace, 'buildspec.yml'), 'utf8').split(/\r?\n/);
    const line = lines.findIndex((l) => /^\s*- npm ci\b/.test(l));
    if (line < 0) throw new Error('examples/buildspec.yml has no "- npm ci" line');
    const column = lines[line].indexOf('npm') + 2;
    const editor = await openFile(page, 'buildspec.yml');
    await editor.click();
    if (process.env.E2E_UI_DEBUG) await shot('debug-1-opened');
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line + 1}:${column}`);
    await page.keyboard.press('Enter');
    if (process.env.E2E_UI_DEBUG) await shot('debug-2-goto');
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Developer: Inspect Editor Tokens and Scopes');
    await until('the command to be listed', async () =>
      (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).some((t) =>
        t.includes('Inspect Editor Tokens'),
      ),
    );
    await page.keyboard.press('Enter');
    const widget = page.locator('.token-inspect-widget');
    const text = await until('the token inspector to show scopes', async () => {
      const t = await widget.innerText({ timeout: 2_000 });
      return t.includes('textmate scopes') ? t : undefined;
    });
    await shot('token-scopes');
    const scopes = text.replace(/\s+/g, ' ');
    log(
      `    scopes at ${line + 1}:${column}: ${scopes.slice(scopes.indexOf('textmate scopes'), scopes.indexOf('textmate scopes') + 160)}`,
    );
    if (!scopes.includes('source.yaml.buildspec'))
      throw new Error(`root scope source.yaml.buildspec missing: ${scopes}`);
    if (!/source\.shell|meta\.embedded/.test(scopes)) throw new Error(`no shell scope on "npm": ${scopes}`);
    await page.keyboard.press('Escape');
  });

  await check('AWS CI/CD explorer shows pipelines, stages and builds', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.activitybar [aria-label^="AWS CI/CD"]').first().click();
    const rows = page.locator('.sidebar .monaco-list-row');
    const rowTexts = async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const rowOf = (label) => rows.filter({ hasText: new RegExp(`^\\s*${label}(?!\\d)`) }).first();
    await until('the Pipelines view to list pipeline-0', async () =>
      (await rowTexts()).some((t) => t.startsWith('pipeline-0')),
    );
    await rowOf('pipeline-2').click();
    await until('pipeline-2 to show its stages and its history', async () => {
      const t = await rowTexts();
      return t.some((r) => r.startsWith('Approve')) && t.some((r) => r.startsWith('Execution history'));
    });
    // The workspace's origin is acme/pipeline-1 on main: the status bar names that pipeline.
    await until('the status bar item of the repository pipeline', async () =>
      /pipeline-1/.test(await page.locator('.statusbar').innerText()),
    );
    await until('the CodeBuild view to list project-0', async () =>
      (await rowTexts()).some((t) => t.startsWith('project-0')),
    );
    await rowOf('project-0').click();
    const texts = await until('project-0 to show its builds', async () => {
      const t = await rowTexts();
      return t.some((r) => /^#\d+/.test(r)) ? t : undefined;
    });
    // Widen the side bar so the screenshot shows whole descriptions (best effort).
    const bar = await page.locator('.part.sidebar').boundingBox();
    if (bar) {
      await page.mouse.move(bar.x + bar.width - 1, bar.y + bar.height / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x + 560, bar.y + bar.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    await page.mouse.move(0, 0);
    await shot('explorer');
    log(`    explorer rows: ${texts.slice(0, 14).join(' | ')}`);
    for (const want of ['default · us-east-1', 'pipeline-0', 'pipeline-3', 'Source', 'project-0']) {
      if (!texts.some((t) => t.includes(want)))
        throw new Error(`no row with "${want}": ${texts.join(' | ')}`);
    }
  });

  await check('build log: coloured, folded by phase', async () => {
    const { input, rows, pick, lines } = await openNewestBuildLog(page, 'project-3');
    // Folded, every phase is one line: the BUILD phase is in view however long the log and however
    // tall the editor (the log follows its end; go to the top).
    await page.keyboard.press('F1');
    await pick('>Fold All', 'Fold All');
    await until('the log to show its phases', async () => {
      await page.keyboard.press('Control+Home');
      return (await lines.innerText()).replace(/\u00a0/g, ' ').includes('Entering phase BUILD');
    });
    await page.keyboard.press('Control+Shift+O');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('@BUILD');
    await until('the BUILD phase in the outline', async () =>
      (await rows.allInnerTexts()).some((t) => /^\s*BUILD/.test(t)),
    );
    const buildRow = await rows.evaluateAll((els) => els.findIndex((el) => /^\s*BUILD\b/.test(el.innerText)));
    for (let i = 0; i < buildRow; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F1');
    await pick('>Unfold', 'Unfold');
    const text = await until('the BUILD phase unfolded with the ESLint output', async () => {
      // The editor draws spaces as no-break spaces.
      const t = (await lines.innerText()).replace(/\u00a0/g, ' ');
      return t.includes("'port' is assigned") ? t : undefined;
    });
    const folded = await page.locator('.editor-group-container.active .codicon-folding-collapsed').count();
    const coloured = await page
      .locator('.editor-group-container.active .view-lines span[class*="ced-"]')
      .count();
    await page.mouse.move(0, 0);
    await shot('build-log');
    log(
      `    build log: ${folded} folded phases, ${coloured} decorated spans; ${text.split('\n').length} lines on screen`,
    );
    if (folded < 3) throw new Error(`expected the other phases folded, saw ${folded}`);
    if (text.includes('\x1b') || text.includes('[31m')) throw new Error('escape codes are visible');
    if (coloured < 1) throw new Error('no ANSI colour decoration on screen');
  });

  await check('build log: a log whose reading stopped says why and reads again on request', async () => {
    if (!control) throw new Error('no AWS fake control address');
    const post = async (route, body = {}) => {
      const r = await fetch(`${control}${route}`, { method: 'POST', body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`fake control ${route}: HTTP ${r.status}`);
    };
    await page.keyboard.press('Escape');
    const { rows, pick } = quickInput(page);
    // The log cannot be read: access to CloudWatch Logs is denied.
    await post('/faults', { kind: 'accessDenied', operation: 'GetLogEvents' });
    try {
      await page.keyboard.press('F1');
      await pick('>AWS CI/CD: Open Build Log', 'the Open Build Log command');
      await pick('project-1', 'the projects');
      await until('the builds of project-1', async () =>
        (await rows.allInnerTexts()).some((t) => /^#\d+/.test(t.trim())),
      );
      await page.keyboard.press('Enter');
      const editor = page.locator('.editor-group-container.active .monaco-editor').first();
      const lines = editor.locator('.view-lines');
      const notice = await until('the notice that reading stopped', async () => {
        const t = (await lines.innerText()).replace(/\u00a0/g, ' ');
        return t.includes('Reading this log stopped') ? t : undefined;
      });
      const lens = editor.locator('.contentWidgets .codelens-decoration a', {
        hasText: 'Retry Reading the Log',
      });
      await until('the Retry Reading the Log lens', async () =>
        (await lens.count()) > 0 ? true : undefined,
      );
      await page.mouse.move(0, 0);
      await shot('build-log-stopped');
      log(
        `    stopped log: ${notice
          .split('\n')
          .find((l) => l.includes('Reading this log stopped'))
          ?.trim()}`,
      );
      if (!/access denied/i.test(notice)) throw new Error(`the notice does not say why: ${notice}`);
      // Access is granted again; one click reads the log.
      await post('/clear');
      await lens.first().click();
      await until('the log read after the retry', async () => {
        const t = (await lines.innerText()).replace(/\u00a0/g, ' ');
        return t.includes('[Container]') && !t.includes('Reading this log stopped') ? true : undefined;
      });
    } finally {
      await post('/clear').catch(() => {});
    }
  });

  return outcomes;
}
