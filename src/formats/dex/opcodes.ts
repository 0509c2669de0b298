// Dalvik bytecode: instruction formats and widths for all 256 opcodes (dalvik-bytecode.html,
// instruction-formats.html). Table-driven so the decoder never guesses a width.

export const F10x = 0, F12x = 1, F11n = 2, F11x = 3, F10t = 4, F20t = 5, F22x = 6, F21t = 7, F21s = 8, F21h = 9,
  F21c = 10, F23x = 11, F22b = 12, F22t = 13, F22s = 14, F22c = 15, F32x = 16, F30t = 17, F31t = 18, F31i = 19,
  F31c = 20, F35c = 21, F3rc = 22, F45cc = 23, F4rcc = 24, F51l = 25;

/** Width in 16-bit code units, by format. */
const FORMAT_WIDTH = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5];

/** Format of each opcode. */
export const FORMAT = new Uint8Array(256);
/** Width of each opcode in code units (payload pseudo-instructions are sized separately). */
export const WIDTH = new Uint8Array(256);
/** Register an opcode writes generically: 0 none (or handled specially), 1 vA, 2 the pair vA, vA+1. */
export const DEST = new Uint8Array(256);

function set(from: number, to: number, format: number, dest = 0): void {
  for (let op = from; op <= to; op++) {
    FORMAT[op] = format;
    DEST[op] = dest;
  }
}

set(0x00, 0xff, F10x); // unused opcodes: 10x, as dexdump sizes them
set(0x01, 0x01, F12x); set(0x02, 0x02, F22x); set(0x03, 0x03, F32x);
set(0x04, 0x04, F12x); set(0x05, 0x05, F22x); set(0x06, 0x06, F32x);
set(0x07, 0x07, F12x); set(0x08, 0x08, F22x); set(0x09, 0x09, F32x);
set(0x0a, 0x0d, F11x); set(0x0e, 0x0e, F10x); set(0x0f, 0x11, F11x);
set(0x12, 0x12, F11n); set(0x13, 0x13, F21s); set(0x14, 0x14, F31i); set(0x15, 0x15, F21h);
set(0x16, 0x16, F21s); set(0x17, 0x17, F31i); set(0x18, 0x18, F51l); set(0x19, 0x19, F21h);
set(0x1a, 0x1a, F21c); set(0x1b, 0x1b, F31c); set(0x1c, 0x1c, F21c);
set(0x1d, 0x1e, F11x); set(0x1f, 0x1f, F21c); set(0x20, 0x20, F22c, 1); set(0x21, 0x21, F12x, 1);
set(0x22, 0x22, F21c, 1); set(0x23, 0x23, F22c, 1); set(0x24, 0x24, F35c); set(0x25, 0x25, F3rc);
set(0x26, 0x26, F31t); set(0x27, 0x27, F11x); set(0x28, 0x28, F10t); set(0x29, 0x29, F20t); set(0x2a, 0x2a, F30t);
set(0x2b, 0x2c, F31t); set(0x2d, 0x31, F23x, 1); set(0x32, 0x37, F22t); set(0x38, 0x3d, F21t);
set(0x44, 0x4a, F23x, 1); DEST[0x45] = 2; set(0x4b, 0x51, F23x);
set(0x52, 0x58, F22c); set(0x59, 0x5f, F22c); set(0x60, 0x66, F21c); set(0x67, 0x6d, F21c);
set(0x6e, 0x72, F35c); set(0x74, 0x78, F3rc);
set(0x7b, 0x8f, F12x, 1);
for (const op of [0x7d, 0x7e, 0x80, 0x81, 0x83, 0x86, 0x88, 0x89, 0x8b]) DEST[op] = 2;
set(0x90, 0xaf, F23x, 1); set(0x9b, 0xa5, F23x, 2); set(0xab, 0xaf, F23x, 2);
set(0xb0, 0xcf, F12x, 1); set(0xbb, 0xc5, F12x, 2); set(0xcb, 0xcf, F12x, 2);
set(0xd0, 0xd7, F22s, 1); set(0xd8, 0xe2, F22b, 1);
set(0xfa, 0xfa, F45cc); set(0xfb, 0xfb, F4rcc); set(0xfc, 0xfc, F35c); set(0xfd, 0xfd, F3rc);
set(0xfe, 0xff, F21c, 1);

for (let op = 0; op < 256; op++) WIDTH[op] = FORMAT_WIDTH[FORMAT[op]!]!;

/** Formats whose vA is the 4-bit nibble B|A|op (vs the 8-bit AA|op). */
export function hasNibbleA(format: number): boolean {
  return format === F12x || format === F11n || format === F22c || format === F22s || format === F22t;
}

export const PACKED_SWITCH_PAYLOAD = 0x0100;
export const SPARSE_SWITCH_PAYLOAD = 0x0200;
export const FILL_ARRAY_DATA_PAYLOAD = 0x0300;
