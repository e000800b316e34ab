// Follow mode against the user's scrolling, as a terminal does it: scrolling up while a log is followed
// pauses following; scrolling back to the end of a log paused that way follows again. A pause by the
// command stays until the command. Our own reveals only ever scroll down, so a move of the first
// visible line upwards is the user's. Pure: the editor's numbers in, the decision out.

export interface ScrollState {
  following: boolean;
  /** Following was paused by scrolling up (not by the command). */
  autoPaused: boolean;
  /** The first visible line before this scroll; undefined for the first event of an editor. */
  before: number | undefined;
  /** The first visible line now. */
  top: number;
  /** Whether the last line is in view now. */
  atEnd: boolean;
}

export function followAfterScroll(s: ScrollState): 'pause' | 'resume' | undefined {
  if (s.following && s.before !== undefined && s.top < s.before && !s.atEnd) return 'pause';
  if (!s.following && s.autoPaused && s.atEnd) return 'resume';
  return undefined;
}
