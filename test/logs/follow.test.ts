/** Follow mode against the user's scrolling. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { followAfterScroll } from '../../client/src/logs/follow';

describe('follow mode and scrolling', () => {
  const following = { following: true, autoPaused: false };
  it('scrolling up while following pauses', () => {
    assert.equal(followAfterScroll({ ...following, before: 80, top: 60, atEnd: false }), 'pause');
  });
  it('our reveals (down) and a first event leave it alone', () => {
    assert.equal(followAfterScroll({ ...following, before: 60, top: 80, atEnd: true }), undefined);
    assert.equal(followAfterScroll({ ...following, before: undefined, top: 0, atEnd: false }), undefined);
    assert.equal(
      followAfterScroll({ ...following, before: 80, top: 79, atEnd: true }),
      undefined,
      'still at the end',
    );
  });
  it('back at the end after a scroll-up pause follows again; a pause by the command stays', () => {
    const paused = { following: false, before: 60, top: 80 };
    assert.equal(followAfterScroll({ ...paused, autoPaused: true, atEnd: true }), 'resume');
    assert.equal(followAfterScroll({ ...paused, autoPaused: true, atEnd: false }), undefined);
    assert.equal(followAfterScroll({ ...paused, autoPaused: false, atEnd: true }), undefined);
  });
});
