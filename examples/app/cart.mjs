// The storefront's cart pricing, typed with JSDoc and checked by `tsc --noEmit` (checkJs). The
// sandbox's failed storefront-api build reports a type error in addFromForm and a failing
// test in cart.test.mjs: its log links here, and its errors land in Problems on these lines.

/** A line of the cart, for one product. */
/** @typedef {{ sku: string, name: string, unitPrice: number, quantity: number }} Line */
/** @typedef {{ sku: string, name: string, unitPrice: number }} Product */

/** From this many items of one product, the line costs 10 % less. */
export const BULK_QUANTITY = 10;
export const BULK_DISCOUNT = 0.1;

/** @returns {{ lines: Line[] }} */
export function emptyCart() {
  return { lines: [] };
}

/**
 * Adds `quantity` items of a product, on the line of the same SKU if there is one.
 * @param {{ lines: Line[] }} cart
 * @param {Product} product
 * @param {number} quantity
 */
export function addLine(cart, product, quantity) {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError(`bad quantity ${quantity}`);
  const line = cart.lines.find((l) => l.sku === product.sku);
  if (line) line.quantity += quantity;
  else cart.lines.push({ ...product, quantity });
}

/**
 * Adds the product and quantity of an "add to cart" form.
 * @param {{ lines: Line[] }} cart
 * @param {Map<string, Product>} catalog
 * @param {URLSearchParams} form
 */
export function addFromForm(cart, catalog, form) {
  const product = catalog.get(form.get('sku') ?? '');
  if (!product) throw new Error(`unknown product ${form.get('sku')}`);
  addLine(cart, product, form.get('quantity'));
}

/** @param {Line} line */
export function lineTotal(line) {
  const gross = line.unitPrice * line.quantity;
  return line.quantity > BULK_QUANTITY ? gross * (1 - BULK_DISCOUNT) : gross;
}

/** @param {{ lines: Line[] }} cart */
export function cartTotal(cart) {
  return cart.lines.reduce((sum, line) => sum + lineTotal(line), 0);
}
