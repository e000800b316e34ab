// The last line of a log document whose reading stopped. The editor does not wrap it, so it is short
// and says the cause first: an AWS error without its "Could not <call> <what>:" and without the build
// id the tab already names (the status bar's tooltip keeps the whole message). Pure, for the tests.

/** At most this many characters of the cause are shown. */
export const MAX_CAUSE = 80;

/** `■ Reading this log stopped: access denied (logs:GetLogEvents). Retry above.` */
export function stoppedNotice(message: string, buildId: string | undefined, hasLines: boolean): string {
  const where = hasLines ? ' here' : '';
  // The action is the lens drawn just above this line (and the status bar item).
  return `■ Reading this log stopped${where}: ${shortCause(message, buildId)}. Retry above.`;
}

/** A message from outside as a short cause on one line. */
export function shortCause(message: string, buildId?: string): string {
  let text = message
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .replace(/^Could not [^:]{1,200}: (?=\S)/, '');
  if (buildId) text = text.split(`Build ${buildId}`).join('the build').split(buildId).join('the build');
  text = text.replace(/\.$/, '') || 'unknown error';
  const chars = Array.from(text);
  return chars.length > MAX_CAUSE ? `${chars.slice(0, MAX_CAUSE - 1).join('')}…` : text;
}
