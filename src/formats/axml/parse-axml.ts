// Android binary XML (ResXMLTree): the chunk walk Android itself does, producing the whole element tree with
// typed attribute values. Attribute names come from the resource map first (the framework matches attributes
// by id, so obfuscators blank or fake the name strings), then from the string pool.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';
import androidAttrs from './android-attrs.json' with { type: 'json' };
import { formatValue, type ResValue } from './res-value.ts';
import { RES_STRING_POOL_TYPE, StringPool } from './string-pool.ts';

export const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

const RES_XML_TYPE = 0x0003;
const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
const RES_XML_START_NAMESPACE_TYPE = 0x0100;
const RES_XML_END_NAMESPACE_TYPE = 0x0101;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const RES_XML_END_ELEMENT_TYPE = 0x0103;
const RES_XML_CDATA_TYPE = 0x0104;
const MAX_DEPTH = 256;

const ATTR_NAMES = new Map<number, string>(Object.entries(androidAttrs.attrs).map(([k, v]) => [Number(k), v]));

export interface AxmlAttr {
  /** Namespace URI, or null. */
  readonly ns: string | null;
  /** Local name (from the resource id when it is a known android attribute). */
  readonly name: string;
  /** `android:name`, `package`: what XmlElement.attrs is keyed by. */
  readonly qname: string;
  readonly resId: number | null;
  readonly value: ResValue;
  /** The raw string, when the attribute kept one. */
  readonly raw: string | null;
  /** Text form of the typed value (references as `@0x7f…`). */
  readonly text: string;
}

export interface AxmlElement {
  readonly ns: string | null;
  readonly tag: string;
  readonly attrs: readonly AxmlAttr[];
  readonly children: AxmlElement[];
  readonly line: number;
}

export interface AxmlDocument {
  readonly root: AxmlElement;
  /** Tampering or damage that Android reads past, for the report. */
  readonly notes: readonly string[];
}

export function parseAxml(bytes: Uint8Array): AxmlDocument {
  const r = new ByteReader(bytes, 'axml', ErrorCode.AXML_MALFORMED);
  const notes: string[] = [];
  r.need(0, 8, 'file header');
  const type = r.u16(0);
  const headerSize = r.u16(2);
  let end = r.u32(4);
  // Android does not check the file chunk's type, and some packers scramble it.
  if (type !== RES_XML_TYPE) notes.push(`file chunk type 0x${type.toString(16)} instead of 0x0003`);
  if (end > bytes.length) {
    notes.push(`file chunk claims ${end} bytes, file has ${bytes.length}`);
    end = bytes.length;
  }
  if (end < bytes.length) notes.push(`${bytes.length - end} bytes after the XML chunk`);
  if (headerSize < 8 || headerSize > end) r.fail(`file header size ${headerSize}`, 2);

  let strings: StringPool | null = null;
  let resMap: ByteReader | null = null;
  let resMapAt = 0;
  let resMapCount = 0;
  const nsPrefix = new Map<string, string>();
  const stack: { el: AxmlElement; ns: string | null; tag: string }[] = [];
  let root: AxmlElement | null = null;
  const str = (i: number): string | null => (strings === null || i === 0xffffffff ? null : strings.opt(i));

  let p = headerSize;
  while (p + 8 <= end) {
    const ctype = r.u16(p);
    const chs = r.u16(p + 2);
    let csize = r.u32(p + 4);
    if (csize < 8 || chs < 8 || chs > csize) r.fail(`chunk type 0x${ctype.toString(16)}: header size ${chs}, size ${csize}`, p);
    if (p + csize > end) {
      notes.push(`chunk type 0x${ctype.toString(16)} at 0x${p.toString(16)} runs ${p + csize - end} bytes past the end`);
      csize = end - p;
    }
    if (((chs | csize) & 3) !== 0) notes.push(`chunk at 0x${p.toString(16)} not 4-byte aligned`);
    const ext = p + chs;
    if (ctype === RES_STRING_POOL_TYPE) {
      // Android uses the first pool only.
      if (strings === null) strings = new StringPool(bytes.subarray(0, p + csize), p, 'axml.string_pool', ErrorCode.AXML_MALFORMED);
      else notes.push(`second string pool at 0x${p.toString(16)} ignored`);
    } else if (ctype === RES_XML_RESOURCE_MAP_TYPE) {
      resMap = r;
      resMapAt = ext;
      resMapCount = Math.floor((csize - chs) / 4);
    } else if (ctype === RES_XML_START_NAMESPACE_TYPE || ctype === RES_XML_END_NAMESPACE_TYPE) {
      r.need(ext, 8, 'namespace ext');
      const prefix = str(r.u32(ext));
      const uri = str(r.u32(ext + 4));
      if (ctype === RES_XML_START_NAMESPACE_TYPE && uri !== null && !nsPrefix.has(uri)) nsPrefix.set(uri, prefix ?? '');
    } else if (ctype === RES_XML_START_ELEMENT_TYPE) {
      if (strings === null) r.fail('element before any string pool', p);
      const line = r.u32(p + 8);
      r.need(ext, 20, 'element ext');
      const ns = str(r.u32(ext));
      const tag = str(r.u32(ext + 4)) ?? '';
      const attrStart = r.u16(ext + 8);
      const attrSize = r.u16(ext + 10);
      const attrCount = r.u16(ext + 12);
      if (attrCount > 0 && attrSize < 20) r.fail(`attribute size ${attrSize} below 20`, ext + 10);
      if (ext + attrStart + attrCount * attrSize > p + csize) r.fail(`${attrCount} attributes of ${attrSize} bytes overrun the element chunk`, ext + 12);
      const attrs: AxmlAttr[] = [];
      for (let i = 0; i < attrCount; i++) {
        const a = ext + attrStart + i * attrSize;
        const ans = str(r.u32(a));
        const nameIdx = r.u32(a + 4);
        const raw = str(r.u32(a + 8));
        const value: ResValue = { type: r.u8(a + 15), data: r.u32(a + 16) };
        const resId = resMap !== null && nameIdx < resMapCount ? resMap.u32(resMapAt + nameIdx * 4) : null;
        const known = resId === null ? undefined : ATTR_NAMES.get(resId);
        const name = known ?? str(nameIdx) ?? (resId === null ? `attr${nameIdx}` : `0x${resId.toString(16)}`);
        const isAndroid = known !== undefined || ans === ANDROID_NS;
        const prefix = isAndroid ? 'android' : ans === null ? null : (nsPrefix.get(ans) ?? ans);
        // Android reads STRING values from the typed value's index, which may differ from the raw string.
        attrs.push({ ns: isAndroid ? ANDROID_NS : ans, name, qname: prefix === null || prefix === '' ? name : `${prefix}:${name}`, resId, value, raw, text: formatValue(value, str) });
      }
      const el: AxmlElement = { ns, tag, attrs, children: [], line };
      const parent = stack.at(-1);
      if (parent !== undefined) parent.el.children.push(el);
      else if (root === null) root = el;
      else notes.push(`second root element <${tag}> at line ${line} ignored`);
      if (stack.length >= MAX_DEPTH) r.fail(`elements nested deeper than ${MAX_DEPTH}`, p);
      stack.push({ el, ns, tag });
    } else if (ctype === RES_XML_END_ELEMENT_TYPE) {
      const top = stack.pop();
      if (top === undefined) notes.push(`end element at 0x${p.toString(16)} with no open element`);
      else {
        r.need(ext, 8, 'end element ext');
        const tag = str(r.u32(ext + 4));
        if (tag !== top.tag) notes.push(`</${tag}> closes <${top.tag}>`);
      }
    } else if (ctype !== RES_XML_CDATA_TYPE) {
      notes.push(`unknown chunk type 0x${ctype.toString(16)} at 0x${p.toString(16)} skipped`);
    }
    p += csize;
  }
  if (stack.length > 0) notes.push(`${stack.length} elements left open at the end`);
  if (root === null) return r.fail('no element in the document', p);
  if (strings !== null) notes.push(...strings.notes);
  return { root, notes };
}
