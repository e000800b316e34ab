// Tests of the cart's pricing (node --test). The bulk discount starts at 10 items: the third test
// fails on lineTotal's `>`, as the sandbox's failed storefront-api build shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addLine, cartTotal, emptyCart, lineTotal } from './cart.mjs';

const MUG = { sku: 'MUG-01', name: 'Enamel mug', unitPrice: 12.5 };
const TEE = { sku: 'TEE-02', name: 'Logo T-shirt', unitPrice: 24 };

describe('cart', () => {
  it('adds a line for a new product', () => {
    const cart = emptyCart();
    addLine(cart, MUG, 2);
    assert.deepEqual(cart.lines, [{ ...MUG, quantity: 2 }]);
  });

  it('adds to the line of the same product', () => {
    const cart = emptyCart();
    addLine(cart, MUG, 2);
    addLine(cart, MUG, 3);
    assert.equal(cart.lines[0].quantity, 5);
  });

  it('applies the bulk discount from 10 items', () => {
    const cart = emptyCart();
    addLine(cart, MUG, 10);
    assert.equal(lineTotal(cart.lines[0]), 112.5);
  });

  it('totals every line', () => {
    const cart = emptyCart();
    addLine(cart, MUG, 1);
    addLine(cart, TEE, 2);
    assert.equal(cartTotal(cart), 60.5);
  });

  it('refuses a quantity that is not a whole number', () => {
    assert.throws(() => addLine(emptyCart(), TEE, 1.5), RangeError);
  });
});
