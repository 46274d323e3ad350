import { randomBytes } from 'node:crypto';

/**
 * Record ids that sort in the order they were made (UUID version 7: the
 * millisecond, then a counter, then random bits). The trail is ordered by
 * `created_at` then `id`, so records of the same millisecond come back in
 * the order they were written, not at random.
 */
export class RecordIds {
  private lastMillis = -1;
  private counter = 0;

  next(millis: number): string {
    // A clock that steps back keeps the last time: ids never go backwards.
    const at = Math.max(millis, this.lastMillis);
    this.counter = at === this.lastMillis ? this.counter + 1 : 0;
    this.lastMillis = at;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(at, 0, 6);
    // 12 bits of counter after the version nibble; 4096 ids a millisecond
    // per process, then the time part advances by one.
    if (this.counter > 0xfff) {
      this.lastMillis = at + 1;
      this.counter = 0;
      return this.next(this.lastMillis);
    }
    bytes[6] = 0x70 | (this.counter >> 8);
    bytes[7] = this.counter & 0xff;
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
      12,
      16,
    )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
