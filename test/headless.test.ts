// The headless sink: a line per tick, each notice once, and every stop rule of shared/CLI.md.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runHeadless } from '../source/headless.js';
import type { Snapshot } from '../source/core/types.js';
import { makeSnapshot } from './helpers/snapshots.js';

class Feed {
  listeners = new Set<(s: Snapshot) => void>();
  subscribe(fn: (s: Snapshot) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  push(s: Snapshot): void {
    for (const l of [...this.listeners]) l(s);
  }
}

const snap = (t: number, notices: string[] = []): Snapshot => ({ ...makeSnapshot(), startedAt: 0, t, notices });

describe('runHeadless', () => {
  test('stops at --duration, writes a line per tick and each notice once', async () => {
    const feed = new Feed();
    const lines: string[] = [];
    const done = runHeadless({ monitor: feed, write: (l) => lines.push(l), durationMs: 3000, signal: new AbortController().signal });
    feed.push(snap(1000, ['spawn failed']));
    feed.push(snap(2000, ['spawn failed (×2)']));
    feed.push(snap(3000, ['spawn failed (×2)', 'other']));
    assert.equal(await done, 'duration');
    assert.equal(lines.filter((l) => l.includes('spawn failed')).length, 1);
    assert.equal(lines.filter((l) => l === 'mcptop: other').length, 1);
    assert.equal(lines.length, 5, lines.join('\n'));
    assert.equal(feed.listeners.size, 0, 'unsubscribed');
  });

  test('with a stress and no duration: stops after the stress and a few settling ticks', async () => {
    const feed = new Feed();
    let finish: () => void = () => undefined;
    const stressDone = new Promise<void>((r) => { finish = r; });
    const done = runHeadless({ monitor: feed, write: () => undefined, stressDone, settleTicks: 2, signal: new AbortController().signal });
    feed.push(snap(1000));
    feed.push(snap(2000));
    finish();
    await stressDone;
    feed.push(snap(3000));
    let ended = false;
    void done.then(() => { ended = true; });
    await Promise.resolve();
    assert.equal(ended, false, 'one settling tick is not enough');
    feed.push(snap(4000));
    assert.equal(await done, 'stress');
  });

  test('a signal ends it; so does every launched server exiting', async () => {
    const feed = new Feed();
    const ac = new AbortController();
    const done = runHeadless({ monitor: feed, write: () => undefined, signal: ac.signal });
    feed.push(snap(1000));
    ac.abort();
    assert.equal(await done, 'signal');
    const exited = runHeadless({ monitor: feed, write: () => undefined, signal: new AbortController().signal, allExited: Promise.resolve() });
    assert.equal(await exited, 'exited');
    assert.equal(feed.listeners.size, 0);
  });
});
