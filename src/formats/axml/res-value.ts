// Res_value: the typed value shared by binary XML attributes and resources.arsc entries, and its text form
// as `aapt dump xmltree` prints it (references stay `@0x7f…` until a resource table resolves them).

export const ValueType = {
  NULL: 0x00,
  REFERENCE: 0x01,
  ATTRIBUTE: 0x02,
  STRING: 0x03,
  FLOAT: 0x04,
  DIMENSION: 0x05,
  FRACTION: 0x06,
  DYNAMIC_REFERENCE: 0x07,
  DYNAMIC_ATTRIBUTE: 0x08,
  INT_DEC: 0x10,
  INT_HEX: 0x11,
  INT_BOOLEAN: 0x12,
  INT_COLOR_ARGB8: 0x1c,
  INT_COLOR_RGB8: 0x1d,
  INT_COLOR_ARGB4: 0x1e,
  INT_COLOR_RGB4: 0x1f,
} as const;

export interface ResValue {
  readonly type: number;
  readonly data: number;
}

const f32 = new DataView(new ArrayBuffer(4));
const DIM_UNITS = ['px', 'dip', 'sp', 'pt', 'in', 'mm'];
const RADIX_MULT = [1 / (1 << 8), 1 / (1 << 15), 1 / (1 << 23), 1 / 2 ** 31];

function complexValue(data: number): number {
  const mantissa = data >> 8; // signed 24 bits
  return mantissa * RADIX_MULT[(data >> 4) & 3]!;
}

export function isReference(v: ResValue): boolean {
  return v.type === ValueType.REFERENCE || v.type === ValueType.DYNAMIC_REFERENCE;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Text of a value; `str` resolves string-pool indexes (for STRING values). */
export function formatValue(v: ResValue, str: (i: number) => string | null): string {
  const d = v.data;
  switch (v.type) {
    case ValueType.NULL:
      return '';
    case ValueType.REFERENCE:
    case ValueType.DYNAMIC_REFERENCE:
      return d === 0 ? '@null' : `@0x${hex8(d)}`;
    case ValueType.ATTRIBUTE:
    case ValueType.DYNAMIC_ATTRIBUTE:
      return `?0x${hex8(d)}`;
    case ValueType.STRING:
      return str(d) ?? '';
    case ValueType.FLOAT:
      f32.setUint32(0, d >>> 0, true);
      return String(f32.getFloat32(0, true));
    case ValueType.DIMENSION:
      return `${+complexValue(d).toFixed(6)}${DIM_UNITS[d & 0xf] ?? ''}`;
    case ValueType.FRACTION:
      return `${+(complexValue(d) * 100).toFixed(6)}${(d & 0xf) === 1 ? '%p' : '%'}`;
    case ValueType.INT_HEX:
      return `0x${(d >>> 0).toString(16)}`;
    case ValueType.INT_BOOLEAN:
      return d !== 0 ? 'true' : 'false';
    default:
      if (v.type >= ValueType.INT_COLOR_ARGB8 && v.type <= ValueType.INT_COLOR_RGB4) return `#${hex8(d)}`;
      return String(d | 0);
  }
}
