/**
 * A one-off Redis PING on its own short-lived connection: the queue's connections retry forever by
 * design, so asking them would hang a health check instead of failing it.
 */
import { Redis } from 'ioredis';

export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The failure is reported by the rejected promise; without a listener ioredis would also log it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const reply = await client.ping();
    if (reply !== 'PONG') throw new Error(`unexpected reply ${reply}`);
  } finally {
    client.disconnect();
  }
}
