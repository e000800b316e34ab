// Headless Debian Chromium through playwright-core, with the flags that make the VS Code web workbench
// work offline on these machines.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}

/** A page that may only talk to the code-server on `port`; anything else is aborted and logged. */
export async function isolatedPage(browser, port, onBlocked = () => {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.port === String(port);
    if (local || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    onBlocked(url.href);
    return route.abort();
  });
  return { context, page: await context.newPage() };
}
