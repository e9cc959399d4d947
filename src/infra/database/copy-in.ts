/**
 * `COPY … FROM STDIN` on the connection of a TypeORM transaction: `pg` runs any object with a
 * `submit` method as a query (its "submittable" interface, which pg-cursor and pg-copy-streams
 * use), so the data goes out as one CopyData message after the server's CopyInResponse. A server
 * loads COPY data in bulk — several rows per heap page write and WAL record — at about half the cost
 * of an INSERT of the same rows. (Embedded PGlite's socket does not speak the COPY sub-protocol.)
 */
import type { EntityManager } from 'typeorm';

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyIn {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: Error) => void;
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rows = Number(message.text.split(' ')[1]);
  }

  /** At once, as `pg`'s own queries do: a lost connection sends no ReadyForQuery after it. */
  handleError(error: Error): void {
    this.reject(error);
  }

  handleReadyForQuery(): void {
    this.resolve(this.rows);
  }

  // Messages a COPY FROM never gets.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `sql` (a `COPY … FROM STDIN`) with `data` on the transaction's connection; the rows copied. */
export async function copyIn(manager: EntityManager, sql: string, data: Buffer): Promise<number> {
  const client = (manager.queryRunner as unknown as { databaseConnection: { query(q: CopyIn): void } })
    .databaseConnection;
  const copy = new CopyIn(sql, data);
  client.query(copy);
  return copy.done;
}
