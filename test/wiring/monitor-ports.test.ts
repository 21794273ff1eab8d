import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { HostSource, SelfSource } from '../../source/core/ports.js';
import { monitorPorts } from '../../source/wiring/run.js';

const self: SelfSource = { pid: 1, read: async () => ({ pid: 1, cpuPct: undefined, rssBytes: 0, fds: undefined, children: undefined }) };
const hostMade = (): { made: number; make: () => HostSource } => {
  const box = { made: 0, make: (): HostSource => { box.made += 1; return { read: () => Promise.reject(new Error('not read here')) }; } };
  return box;
};

describe('monitorPorts: the Monitor reads host and own figures only where they are shown', () => {
  test('headless: neither, and no host source is built', () => {
    const h = hostMade();
    const ports = monitorPorts({ interactive: false, exporter: false }, h.make, self);
    assert.deepEqual(Object.keys(ports), []);
    assert.equal(h.made, 0);
  });
  test('the TUI: both (its header shows them)', () => {
    const h = hostMade();
    const ports = monitorPorts({ interactive: true, exporter: false }, h.make, self);
    assert.equal(ports.self, self);
    assert.ok(ports.host);
    assert.equal(h.made, 1);
  });
  test('headless exporter: host figures for its gauges, not mcptop\'s own', () => {
    const h = hostMade();
    const ports = monitorPorts({ interactive: false, exporter: true }, h.make, self);
    assert.ok(ports.host);
    assert.equal(ports.self, undefined);
    assert.ok(!('self' in ports));
  });
});
