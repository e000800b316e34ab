// Wire helpers shared by the fake services: AWS JSON 1.1 errors, timestamps as epoch seconds (as
// the JSON protocols send them), opaque page tokens, and ids that look like AWS's.
import { randomUUID } from 'node:crypto';

export const ACCOUNT = '123456789012';

/** An error the fake answers with: `{"__type": type, "message": ...}` and an HTTP status. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Input validation the way the services word it. */
export function invalid(message: string, type = 'InvalidInputException'): ServiceError {
  return new ServiceError(type, message, 400);
}

export type Json = Record<string, unknown>;
export type Handler = (input: Json) => Json | Promise<Json>;

/** Dates become epoch seconds (with milliseconds), everything else is passed through. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** A page of `items` from the offset in `token`; the next token is opaque, as the real ones are. */
export function paginate<T>(
  items: readonly T[],
  token: unknown,
  size: number,
): { page: T[]; nextToken?: string } {
  let start = 0;
  if (token !== undefined && token !== null) {
    const m = typeof token === 'string' ? /^tok-(\d+)-[0-9a-f]{8}$/.exec(token) : null;
    if (!m) throw invalid('Invalid pagination token', 'InvalidNextTokenException');
    start = Number(m[1]);
  }
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, nextToken: end < items.length ? `tok-${end}-${randomUUID().slice(0, 8)}` : undefined };
}

export function str(input: Json, key: string, required = true): string {
  const v = input[key];
  if (typeof v === 'string' && v.length) return v;
  if (required)
    throw invalid(
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      'ValidationException',
    );
  return '';
}

export function uuid(): string {
  return randomUUID();
}
