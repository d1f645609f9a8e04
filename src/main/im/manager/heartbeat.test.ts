import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../messaging/testing/manual-clock';
import { PacketType, type Packet } from '../protocol/packets';
import { Heartbeat, MIN_JUMP_MS, type HeartbeatHooks } from './heartbeat';

const INTERVAL = 1_000;
const PONG = 300;

function setup(connected = true) {
  const clock = new ManualClock();
  const written: Packet[] = [];
  const link = {
    lastReceivedAt: clock.now(),
    lastSentAt: clock.now(),
    write: (packet: Packet) => {
      written.push(packet);
      link.lastSentAt = clock.now();
      return true;
    },
  };
  const hooks = {
    settings: () => ({ clock, heartbeatIntervalMs: INTERVAL, pongTimeoutMs: PONG }),
    isConnected: () => connected,
    onSleepDetected: vi.fn<HeartbeatHooks['onSleepDetected']>(),
    onDeadLink: vi.fn<HeartbeatHooks['onDeadLink']>(),
  };
  const heartbeat = new Heartbeat(hooks);
  const pings = () => written.filter((p) => p.type === PacketType.PING).length;
  return { clock, link, hooks, heartbeat, pings };
}

describe('Heartbeat', () => {
  it('PINGs after a whole idle interval and declares the link dead without an answer', () => {
    const { clock, link, hooks, heartbeat, pings } = setup();
    heartbeat.start(link);
    expect(heartbeat.timers).toBe(1);
    clock.advance(INTERVAL - 1);
    expect(pings()).toBe(0);
    clock.advance(1);
    expect(pings()).toBe(1);
    expect(heartbeat.timers).toBe(2);
    clock.advance(PONG - 1);
    expect(hooks.onDeadLink).not.toHaveBeenCalled();
    clock.advance(1);
    expect(hooks.onDeadLink).toHaveBeenCalledExactlyOnceWith(PONG);
  });

  it('any inbound packet disarms the pong timer; a PONG reports the round trip once', () => {
    const { clock, link, hooks, heartbeat, pings } = setup();
    heartbeat.start(link);
    clock.advance(INTERVAL);
    expect(pings()).toBe(1);
    clock.advance(42);
    heartbeat.packetReceived();
    expect(heartbeat.pongReceived()).toBe(42);
    expect(heartbeat.pongReceived()).toBeNull();
    clock.advance(PONG * 2);
    expect(hooks.onDeadLink).not.toHaveBeenCalled();
  });

  it('re-arms from the last received packet, so a busy link is never pinged', () => {
    const { clock, link, heartbeat, pings } = setup();
    heartbeat.start(link);
    for (let i = 0; i < 10; i += 1) {
      clock.advance(INTERVAL / 2);
      link.lastReceivedAt = clock.now();
      link.lastSentAt = clock.now();
    }
    expect(pings()).toBe(0);
    clock.advance(INTERVAL);
    expect(pings()).toBe(1);
  });

  it('probe() sends one PING at a time', () => {
    const { link, heartbeat, pings } = setup();
    heartbeat.probe();
    expect(pings()).toBe(0); // not started: no link
    heartbeat.start(link);
    heartbeat.probe();
    heartbeat.probe();
    expect(pings()).toBe(1);
  });

  it('reports a tick that fired far too late as sleep instead of pinging', () => {
    const { clock, link, hooks, heartbeat, pings } = setup();
    heartbeat.start(link);
    const late = Math.max(3 * INTERVAL, MIN_JUMP_MS) + 1;
    clock.time += INTERVAL + late; // the machine slept: the timer fires only now
    clock.advance(0);
    expect(hooks.onSleepDetected).toHaveBeenCalledExactlyOnceWith(late);
    expect(pings()).toBe(0);
  });

  it('stop() clears both timers and nothing fires afterwards', () => {
    const { clock, link, hooks, heartbeat, pings } = setup();
    heartbeat.start(link);
    clock.advance(INTERVAL);
    expect(heartbeat.timers).toBe(2);
    heartbeat.stop();
    expect(heartbeat.timers).toBe(0);
    expect(clock.pending).toBe(0);
    clock.advance(INTERVAL * 10);
    expect(pings()).toBe(1);
    expect(hooks.onDeadLink).not.toHaveBeenCalled();
    expect(heartbeat.pongReceived()).toBeNull();
  });

  it('does nothing on a tick while the manager is not connected', () => {
    const { clock, link, heartbeat, pings } = setup(false);
    heartbeat.start(link);
    clock.advance(INTERVAL * 3);
    expect(pings()).toBe(0);
    expect(heartbeat.timers).toBe(0);
  });
});
