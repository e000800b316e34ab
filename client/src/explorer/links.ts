// Which URLs "Open in AWS Console" may open as the console: https on an AWS console host (commercial,
// China, GovCloud) and nothing else. Any other URL a pipeline hands us (an approval's review link, an
// action's entity or execution URL) is someone's own page: it is shown for what it is, host first, and
// opened only after the user says so; schemes other than https and http are never opened. Pure.

export type UrlClass =
  | { kind: 'console'; url: string }
  | { kind: 'external'; url: string; host: string }
  | { kind: 'refused'; reason: string };

const CONSOLE_HOSTS = [
  /^(?:[a-z0-9-]{1,40}\.)?console\.aws\.amazon\.com$/,
  /^(?:[a-z0-9-]{1,40}\.)?console\.amazonaws\.cn$/,
  /^(?:[a-z0-9-]{1,40}\.)?console\.amazonaws-us-gov\.com$/,
];

export const MAX_URL_LENGTH = 4096;

/** Whether a host name is an AWS console host. */
export function isConsoleHost(host: string): boolean {
  return CONSOLE_HOSTS.some((re) => re.test(host.toLowerCase()));
}

/** Sorts a URL into a console page, another site, or something not to open. */
export function classifyUrl(raw: string): UrlClass {
  if (raw.length > MAX_URL_LENGTH) return { kind: 'refused', reason: 'the address is too long' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { kind: 'refused', reason: 'not a web address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      kind: 'refused',
      reason: `${url.protocol.replace(/:$/, '').slice(0, 20)} addresses are not opened`,
    };
  if (url.username || url.password) return { kind: 'refused', reason: 'the address carries credentials' };
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && url.port === '' && isConsoleHost(host))
    return { kind: 'console', url: url.href };
  return { kind: 'external', url: url.href, host: url.port ? `${host}:${url.port}` : host };
}

/** The console's host in a region's partition (China and GovCloud have their own). */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}
