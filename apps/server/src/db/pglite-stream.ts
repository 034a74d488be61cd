import { Duplex } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';

/** The frontend message that ends a session ('X'). */
const terminateMessage = 0x58;

/**
 * An in-process stand-in for the socket between the `pg` driver and a server: what the driver writes goes to
 * embedded PGlite as wire-protocol bytes, and PGlite's answer comes back as what the driver reads. PostgreSQL
 * and PGlite are thus driven by the same driver, with the same parsing of values and the same named prepared
 * statements. The driver writes each query's messages (parse, bind, describe, execute, sync) in one corked
 * batch, which PGlite runs in one call; its own query() makes six calls and plans the text every time.
 *
 * PGlite has a single backend, which every client of the pool in front of it shares in turn and which must
 * outlive them. A client's request to terminate is therefore not passed on, and a new client (after one that
 * failed) starts from a clean session: whatever transaction was left open is rolled back, and prepared
 * statements of the client before are dropped, so that the new one can prepare them under the same names.
 */
class PGliteStream extends Duplex {
  private sessionReset = false;

  constructor(private readonly pglite: PGlite) {
    super();
  }

  // The socket methods the driver calls.
  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  override _read(): void {
    // Answers are pushed as PGlite produces them.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.send(chunk).then(() => done(), done);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this.send(Buffer.concat(chunks.map(({ chunk }) => chunk))).then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.push(null);
    done();
  }

  private async send(messages: Buffer): Promise<void> {
    if (!this.sessionReset) {
      // Before the client's first message, its startup.
      this.sessionReset = true;
      await this.resetSession();
    }
    if (messages[0] === terminateMessage) return;
    const answer = await this.pglite.execProtocolRaw(
      new Uint8Array(messages.buffer, messages.byteOffset, messages.byteLength),
    );
    // The answer is a view of PGlite's memory, which the next call overwrites.
    if (answer.length > 0) this.push(Buffer.from(answer));
  }

  private async resetSession(): Promise<void> {
    if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(serialize.query('ROLLBACK'));
    await this.pglite.execProtocolRaw(serialize.query('DEALLOCATE ALL'));
  }
}

/**
 * What a `pg` client or pool needs to reach PGlite through the stream. The startup names PGlite's own user and
 * database: any other name makes PGlite's backend exit.
 */
export function pgliteConnectionConfig(pglite: PGlite) {
  return { user: 'postgres', database: 'postgres', stream: () => new PGliteStream(pglite) };
}
