/**
 * A local SMTP sink for `npm run bench:mail`, run as a child process so it does not share the
 * sender's CPU: accepts every message, reads it whole, counts messages and distinct Message-IDs.
 * The parent asks for the counts (and resets them) over IPC.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
const ids = new Map<string, number>();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      received++;
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `(none ${received})`;
      ids.set(id, (ids.get(id) ?? 0) + 1);
      callback(null, 'ok');
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});

process.on('message', (m: { op: string }) => {
  if (m.op === 'stats') {
    let duplicates = 0;
    for (const n of ids.values()) duplicates += n - 1;
    process.send?.({ received, distinct: ids.size, duplicates });
  } else if (m.op === 'reset') {
    received = 0;
    ids.clear();
    process.send?.({ reset: true });
  } else if (m.op === 'stop') {
    server.close(() => process.exit(0));
  }
});
