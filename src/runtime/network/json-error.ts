// Where a JSON text first breaks, for an error a person can act on: V8's JSON.parse names the position for
// some errors and only quotes a snippet for others ("Unexpected token"), so the offset is found here with a
// small scanner (an explicit stack: hostile nesting cannot overflow it). Runs only after JSON.parse failed.

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The offset of the first character that makes `text` invalid JSON (text.length when it ends too early). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const str = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/u.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/u.exec(text.slice(i, i + 400));
    if (m === null || m[0] === '') return false;
    i += m[0].length;
    return true;
  };
  // Stack of open containers: '{' or '['; `after` says whether a value was just read.
  const stack: string[] = [];
  ws();
  for (;;) {
    // Read a value.
    ws();
    if (i >= n) return n;
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
        stack.pop();
      } else {
        if (c === '{') {
          if (text[i] !== '"' || !str()) return Math.min(i, n);
          ws();
          if (text[i] !== ':') return Math.min(i, n);
          i++;
        }
        continue;
      }
    } else if (c === '"') {
      if (!str()) return Math.min(i, n);
    } else if (!scalar()) return i;
    // After a value: close containers or take the next member.
    for (;;) {
      ws();
      if (stack.length === 0) return i < n ? i : n;
      if (i >= n) return n;
      const top = stack.at(-1)!;
      if (text[i] === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i++;
      ws();
      if (top === '{') {
        if (text[i] !== '"' || !str()) return Math.min(i, n);
        ws();
        if (text[i] !== ':') return Math.min(i, n);
        i++;
      }
      break;
    }
  }
}

/** `line L, column C` of an offset (1-based). */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}
