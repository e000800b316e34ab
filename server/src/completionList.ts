/**
 * Long completion lists made small for the wire. A buildspec with 1,500 variables in `env` offers them all
 * after `$`: half a megabyte of JSON, whose writing and reading cost the editor more than computing it.
 * For clients that say they can: the documentation is left to `completionItem/resolve` (asked for the
 * focused item only), and the range every item replaces is sent once, as the list's default.
 */
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver/node';
import { sameRange } from './ranges';

/** Lists longer than this are made small. */
export const LONG_LIST = 100;
/**
 * At most this many items go out; a longer list is marked incomplete, so the editor asks again as the
 * user types, and the server sends the items that start with what was typed.
 */
export const MAX_ITEMS = 300;

interface Deferred {
  /** Which answer the item came in, so an item of an older list is not given another's text. */
  readonly list: number;
  readonly index: number;
}

const isDeferred = (data: unknown): data is Deferred =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as Deferred).list === 'number' &&
  typeof (data as Deferred).index === 'number';

/*
 * Both steps change the items in place: the list is the server's own (the service builds it for each
 * request), and copying 1,500 items cost more than the rest of the request.
 */

export class DeferredDocumentation {
  private list = 0;
  private held: readonly { label: string; documentation: CompletionItem['documentation'] }[] = [];

  /** The items to send: without documentation when the list is long and the client can resolve it. */
  defer(items: CompletionItem[], clientResolves: boolean): CompletionItem[] {
    if (!clientResolves || items.length <= LONG_LIST) return items;
    this.list++;
    const held: { label: string; documentation: CompletionItem['documentation'] }[] = [];
    items.forEach((item, index) => {
      held.push({ label: item.label, documentation: item.documentation });
      if (item.documentation === undefined) return;
      item.documentation = undefined;
      const data: Deferred = { list: this.list, index };
      item.data = data;
    });
    this.held = held;
    return items;
  }

  /** The item with its documentation back, when it came in the latest long list. */
  resolve(item: CompletionItem): CompletionItem {
    if (!isDeferred(item.data) || item.data.list !== this.list) return item;
    const full = this.held[item.data.index];
    if (!full || full.label !== item.label) return item;
    return { ...item, documentation: full.documentation };
  }
}

/**
 * The list with the range its items replace given once (`itemDefaults.editRange`, LSP 3.17), when every
 * item replaces the same range with its own label; otherwise the items as they are.
 */
export function withSharedRange(
  items: CompletionItem[],
  clientTakesDefaults: boolean,
  isIncomplete = false,
): CompletionItem[] | CompletionList {
  const asIs = () => (isIncomplete ? { isIncomplete, items } : items);
  if (!clientTakesDefaults || items.length <= LONG_LIST) return asIs();
  const first = items[0].textEdit;
  if (!first || !('range' in first)) return asIs();
  const range: Range = first.range;
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit) || !sameRange(edit.range, range) || edit.newText !== item.label)
      return asIs();
    if (item.insertTextFormat !== undefined || item.insertText !== undefined) return asIs();
  }
  for (const item of items) {
    item.textEdit = undefined;
    if (item.filterText === item.label) item.filterText = undefined;
  }
  return { isIncomplete, itemDefaults: { editRange: range }, items };
}

/**
 * A list longer than MAX_ITEMS cut to the items whose filter text starts with what the user typed (the
 * text the items replace), in their sort order; `isIncomplete` says the editor must ask again.
 */
export function capped(
  items: CompletionItem[],
  typed: (item: CompletionItem) => string,
): { items: CompletionItem[]; isIncomplete: boolean } {
  if (items.length <= MAX_ITEMS) return { items, isIncomplete: false };
  const prefix = typed(items[0]).toLowerCase();
  const key = (i: CompletionItem) => i.sortText ?? i.label;
  const matching = items.filter((i) => (i.filterText ?? i.label).toLowerCase().startsWith(prefix));
  matching.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { items: matching.slice(0, MAX_ITEMS), isIncomplete: true };
}
