/*
 * The backend's cache on Redis goes through @keyv/redis, patched in
 * .yarn/patches so that its Redis client always has an "error" listener:
 * without one, the client's error event throws from inside its socket handler
 * when Redis goes away, and the client never reconnects (the cache stays
 * unused until the backend restarts). This test loads the copy Backstage's
 * cache manager loads, so an install without the patch fails here.
 */
import { EventEmitter } from 'node:events';

const keyvRedisPath = require.resolve('@keyv/redis', {
  paths: [require.resolve('@backstage/backend-defaults')],
});
const KeyvRedis = require(keyvRedisPath).default;

/** Enough of a node-redis client for KeyvRedis to take it as one. */
function fakeRedisClient() {
  return Object.assign(new EventEmitter(), {
    options: {},
    isOpen: true,
    connect: async () => {},
  });
}

describe('@keyv/redis as the backend loads it', () => {
  it("forwards its client's errors instead of letting them stop the reconnect", () => {
    const client = fakeRedisClient();
    const store = new KeyvRedis(client);
    const reported: Error[] = [];
    store.on('error', (error: Error) => reported.push(error));
    const lost = new Error('Socket closed unexpectedly');

    expect(() => client.emit('error', lost)).not.toThrow();
    expect(reported).toEqual([lost]);
  });

  it('keeps a listener the application gave its client', () => {
    const client = fakeRedisClient();
    const own = jest.fn();
    client.on('error', own);
    // eslint-disable-next-line no-new
    new KeyvRedis(client);
    expect(client.listenerCount('error')).toBe(1);
  });
});
