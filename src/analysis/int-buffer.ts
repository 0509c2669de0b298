// A growable Int32 array: the call-graph edges of a whole APK go into a few of these instead of one small
// JS array per method.
export class IntBuffer {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The i-th value (i < length). */
  at(i: number): number {
    return this.data[i]!;
  }

  /** A trimmed copy. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** A growable Uint8 array: the call graph's edge operations, one byte each instead of four. */
export class ByteBuffer {
  private data: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint8Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The i-th value (i < length). */
  at(i: number): number {
    return this.data[i]!;
  }

  /** A trimmed copy. */
  toArray(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}
