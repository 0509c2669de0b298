// One dex file (or one dex section of a 041 container) as lazy, memoised sections in the spec's own names:
// string_ids, type_ids, proto_ids, field_ids, method_ids, class_defs, call_site_ids, method_handles.
// Items decode on first access; refs are interned per index so code decoding allocates none per use.
import { ByteReader } from '../../binary/byte-reader.ts';
import { ErrorCode } from '../../errors.ts';
import type { FieldRefFact, MethodRefFact, ValueFact } from '../code-facts.ts';
import { parameterWidths } from '../code-facts.ts';
import {
  CALL_SITE_ID_ITEM_SIZE, CLASS_DEF_ITEM_SIZE, METHOD_HANDLE_ITEM_SIZE, NO_INDEX, readHeaderItem, type HeaderItem,
} from './header-item.ts';
import { decodeMutf8, findNul, skipUleb128 } from './mutf8.ts';
import { readMapList, type MapItem } from './map-list.ts';

export interface ClassDefItem {
  readonly index: number;
  readonly classIdx: number;
  readonly accessFlags: number;
  /** NO_INDEX when absent. */
  readonly superclassIdx: number;
  readonly interfacesOff: number;
  readonly sourceFileIdx: number;
  readonly annotationsOff: number;
  readonly classDataOff: number;
  readonly staticValuesOff: number;
}

export interface MethodHandleItem {
  readonly type: number;
  /** A field ref for types 0..3 (static/instance put/get), a method ref for 4..8 (invokes). */
  readonly ref: FieldRefFact | MethodRefFact;
}

export interface CallSiteItem {
  readonly bootstrap: MethodHandleItem;
  readonly name: string;
  readonly descriptor: string;
  /** What an invoke-custom of this site calls: the bootstrap method's class, the site's name and type. */
  readonly target: MethodRefFact;
  /** Wide flags per parameter of the site's type. */
  readonly params: readonly boolean[];
}

/** A lazily decoded, memoised section: items decode on get(i), which throws DEX_INDEX_OUT_OF_RANGE. */
export interface Section<T> {
  size(): number;
  get(i: number): T;
}

function section<T>(size: number, get: (i: number) => T): Section<T> {
  return { size: () => size, get };
}

export class DexFile {
  readonly r: ByteReader;
  readonly header: HeaderItem;
  /** Base of the id sections (the header's position). */
  readonly base: number;
  /** Base of data offsets: 0 (the container) in every version. */
  readonly dataBase = 0;
  readonly map: readonly MapItem[];
  readonly callSiteIdsSize: number;
  readonly callSiteIdsOff: number;
  readonly methodHandlesSize: number;
  readonly methodHandlesOff: number;
  /** Name used in errors and reports. */
  readonly path: string;

  readonly stringIds: Section<string>;
  readonly typeIds: Section<string>;
  readonly protoIds: Section<string>;
  readonly fieldIds: Section<FieldRefFact>;
  readonly methodIds: Section<MethodRefFact>;
  readonly classDefs: Section<ClassDefItem>;
  readonly callSiteIds: Section<CallSiteItem>;
  readonly methodHandles: Section<MethodHandleItem>;

  private readonly strings: (string | undefined)[];
  private readonly types: (string | undefined)[];
  private readonly protos: (string | undefined)[];
  private readonly protoWidths: (boolean[] | undefined)[];
  private readonly fields: (FieldRefFact | undefined)[];
  private readonly methods: (MethodRefFact | undefined)[];
  private readonly stringValues: (ValueFact | undefined)[];
  private readonly classValues: (ValueFact | undefined)[];
  private readonly fieldValues: (ValueFact | undefined)[];
  private readonly callSites: (CallSiteItem | undefined)[] = [];

  constructor(r: ByteReader, headerAt = 0, path = 'classes.dex') {
    this.r = r;
    this.path = path;
    this.header = readHeaderItem(r, headerAt);
    this.base = headerAt;
    const h = this.header;
    this.map = h.mapOff === 0 ? [] : readMapList(r, this.dataBase + h.mapOff);
    const cs = this.map.find((m) => m.type === 0x0007);
    const mh = this.map.find((m) => m.type === 0x0008);
    this.callSiteIdsSize = cs?.size ?? 0;
    this.callSiteIdsOff = cs?.offset ?? 0;
    this.methodHandlesSize = mh?.size ?? 0;
    this.methodHandlesOff = mh?.offset ?? 0;
    if (cs !== undefined) r.need(this.base + cs.offset, cs.size * CALL_SITE_ID_ITEM_SIZE, 'call_site_ids');
    if (mh !== undefined) r.need(this.base + mh.offset, mh.size * METHOD_HANDLE_ITEM_SIZE, 'method_handles');
    this.strings = new Array<string | undefined>(h.stringIdsSize);
    this.stringValues = new Array<ValueFact | undefined>(h.stringIdsSize);
    this.types = new Array<string | undefined>(h.typeIdsSize);
    this.classValues = new Array<ValueFact | undefined>(h.typeIdsSize);
    this.protos = new Array<string | undefined>(h.protoIdsSize);
    this.protoWidths = new Array<boolean[] | undefined>(h.protoIdsSize);
    this.fields = new Array<FieldRefFact | undefined>(h.fieldIdsSize);
    this.fieldValues = new Array<ValueFact | undefined>(h.fieldIdsSize);
    this.methods = new Array<MethodRefFact | undefined>(h.methodIdsSize);
    this.stringIds = section(h.stringIdsSize, (i) => this.string(i));
    this.typeIds = section(h.typeIdsSize, (i) => this.type(i));
    this.protoIds = section(h.protoIdsSize, (i) => this.proto(i));
    this.fieldIds = section(h.fieldIdsSize, (i) => this.field(i));
    this.methodIds = section(h.methodIdsSize, (i) => this.method(i));
    this.classDefs = section(h.classDefsSize, (i) => this.classDef(i));
    this.callSiteIds = section(this.callSiteIdsSize, (i) => this.callSite(i));
    this.methodHandles = section(this.methodHandlesSize, (i) => this.methodHandle(i));
  }

  get version(): number {
    return this.header.version;
  }

  /** Throws DEX_INDEX_OUT_OF_RANGE: `string index 9000 not in [0, 812)`. */
  checkIndex(kind: string, i: number, size: number, at?: number): void {
    if (!(i >= 0 && i < size)) this.r.fail(`${kind} index ${i} not in [0, ${size})`, at, ErrorCode.DEX_INDEX_OUT_OF_RANGE);
  }

  /** Checks a data offset (string_data_off, class_data_off, code_off …) lies inside the container. */
  checkDataOffset(what: string, off: number, minLen: number, at?: number): number {
    const abs = this.dataBase + off;
    if (!(off > 0 && abs + minLen <= this.r.length)) this.r.fail(`${what} offset 0x${off.toString(16)} outside the file (${this.r.length} bytes)`, at, ErrorCode.DEX_BAD_OFFSET);
    return abs;
  }

  string(i: number, at?: number): string {
    const s = this.strings[i];
    if (s !== undefined) return s;
    this.checkIndex('string', i, this.header.stringIdsSize, at);
    const idAt = this.base + this.header.stringIdsOff + i * 4;
    const p = this.checkDataOffset('string_data', this.r.u32(idAt), 1, idAt);
    const start = skipUleb128(this.r, p);
    const end = findNul(this.r, start);
    if (end < 0) this.r.fail(`string_data_item ${i} has no terminating NUL`, p, ErrorCode.DEX_MALFORMED);
    const v = decodeMutf8(this.r, start, end);
    this.strings[i] = v;
    return v;
  }

  type(i: number, at?: number): string {
    const t = this.types[i];
    if (t !== undefined) return t;
    this.checkIndex('type', i, this.header.typeIdsSize, at);
    const idAt = this.base + this.header.typeIdsOff + i * 4;
    const v = this.string(this.r.u32(idAt), idAt);
    this.types[i] = v;
    return v;
  }

  /** The prototype descriptor `(Ljava/lang/String;I)V`. */
  proto(i: number, at?: number): string {
    const p = this.protos[i];
    if (p !== undefined) return p;
    this.checkIndex('proto', i, this.header.protoIdsSize, at);
    const idAt = this.base + this.header.protoIdsOff + i * 12;
    const ret = this.type(this.r.u32(idAt + 4), idAt + 4);
    const params = this.typeList(this.r.u32(idAt + 8), idAt + 8);
    // One flat string: a template literal would build a rope of three or four objects per proto, and
    // every method of the package keeps its descriptor.
    params.unshift('(');
    params.push(')', ret);
    const v = params.join('');
    this.protos[i] = v;
    return v;
  }

  /** Wide flags per parameter of a proto (for mapping argument registers to parameters). */
  protoParams(i: number): boolean[] {
    let w = this.protoWidths[i];
    if (w === undefined) {
      w = parameterWidths(this.proto(i));
      this.protoWidths[i] = w;
    }
    return w;
  }

  /** type_list at a data offset (0 = empty). */
  typeList(off: number, at?: number): string[] {
    if (off === 0) return [];
    const p = this.checkDataOffset('type_list', off, 4, at);
    const n = this.r.u32(p);
    this.r.need(p + 4, n * 2, 'type_list');
    const out: string[] = [];
    for (let k = 0; k < n; k++) out.push(this.type(this.r.u16(p + 4 + k * 2), p + 4 + k * 2));
    return out;
  }

  field(i: number, at?: number): FieldRefFact {
    const f = this.fields[i];
    if (f !== undefined) return f;
    const v = this.fieldUninterned(i, at);
    this.fields[i] = v;
    return v;
  }

  /** field_ids[i] without keeping it in the table: for a class's own fields (see methodInto). */
  fieldUninterned(i: number, at?: number): FieldRefFact {
    const f = this.fields[i];
    if (f !== undefined) return f;
    this.checkIndex('field', i, this.header.fieldIdsSize, at);
    const idAt = this.base + this.header.fieldIdsOff + i * 8;
    return { owner: this.type(this.r.u16(idAt), idAt), name: this.string(this.r.u32(idAt + 4), idAt + 4), type: this.type(this.r.u16(idAt + 2), idAt + 2) };
  }

  method(i: number, at?: number): MethodRefFact {
    const m = this.methods[i];
    if (m !== undefined) return m;
    const v = this.methodInto(i, { owner: '', name: '', descriptor: '' }, at);
    this.methods[i] = v;
    return v;
  }

  /**
   * method_ids[i] written into `into` and not kept in the table: for a class's own methods, whose owner, name
   * and descriptor the caller copies at once. Most are never invoked from the same dex, so interning them
   * would hold one more object per method while the dex is open, and `into` (the caller's scratch object)
   * spares one more per method read.
   */
  methodInto(i: number, into: { owner: string; name: string; descriptor: string }, at?: number): MethodRefFact {
    const m = this.methods[i];
    if (m !== undefined) {
      into.owner = m.owner;
      into.name = m.name;
      into.descriptor = m.descriptor;
      return into;
    }
    this.checkIndex('method', i, this.header.methodIdsSize, at);
    const idAt = this.base + this.header.methodIdsOff + i * 8;
    into.owner = this.type(this.r.u16(idAt), idAt);
    into.name = this.string(this.r.u32(idAt + 4), idAt + 4);
    into.descriptor = this.proto(this.r.u16(idAt + 2), idAt + 2);
    return into;
  }

  /**
   * Wide flags per parameter of method_ids[i] (maps argument registers to parameters): memoised by proto,
   * not by method, since a big dex has four times as many methods as protos.
   */
  methodParams(i: number): readonly boolean[] {
    this.checkIndex('method', i, this.header.methodIdsSize);
    return this.protoParams(this.r.u16(this.base + this.header.methodIdsOff + i * 8 + 2));
  }

  stringValue(i: number, at?: number): ValueFact {
    let v = this.stringValues[i];
    if (v === undefined) {
      v = { k: 'string', v: this.string(i, at) };
      this.stringValues[i] = v;
    }
    return v;
  }

  classValue(i: number, at?: number): ValueFact {
    let v = this.classValues[i];
    if (v === undefined) {
      v = { k: 'class', v: this.type(i, at) };
      this.classValues[i] = v;
    }
    return v;
  }

  fieldValue(i: number, at?: number): ValueFact {
    let v = this.fieldValues[i];
    if (v === undefined) {
      v = { k: 'field', ref: this.field(i, at) };
      this.fieldValues[i] = v;
    }
    return v;
  }

  get classDefsSize(): number {
    return this.header.classDefsSize;
  }

  classDef(i: number): ClassDefItem {
    this.checkIndex('class_def', i, this.header.classDefsSize);
    const p = this.base + this.header.classDefsOff + i * CLASS_DEF_ITEM_SIZE;
    const r = this.r;
    return {
      index: i,
      classIdx: r.u32(p),
      accessFlags: r.u32(p + 4),
      superclassIdx: r.u32(p + 8),
      interfacesOff: r.u32(p + 12),
      sourceFileIdx: r.u32(p + 16),
      annotationsOff: r.u32(p + 20),
      classDataOff: r.u32(p + 24),
      staticValuesOff: r.u32(p + 28),
    };
  }

  /** The class descriptor of a class_def, checked. */
  className(def: ClassDefItem): string {
    return this.type(def.classIdx, this.base + this.header.classDefsOff + def.index * CLASS_DEF_ITEM_SIZE);
  }

  superName(def: ClassDefItem): string | null {
    return def.superclassIdx === NO_INDEX ? null : this.type(def.superclassIdx);
  }

  sourceFile(def: ClassDefItem): string | null {
    return def.sourceFileIdx === NO_INDEX ? null : this.string(def.sourceFileIdx);
  }

  methodHandle(i: number, at?: number): MethodHandleItem {
    this.checkIndex('method_handle', i, this.methodHandlesSize, at);
    const p = this.base + this.methodHandlesOff + i * METHOD_HANDLE_ITEM_SIZE;
    const type = this.r.u16(p);
    if (type > 8) this.r.fail(`method_handle_type ${type} unknown`, p, ErrorCode.DEX_MALFORMED);
    const idx = this.r.u16(p + 4);
    return { type, ref: type <= 3 ? this.field(idx, p + 4) : this.method(idx, p + 4) };
  }

  /** call_site_item: an encoded_array of bootstrap method handle, name and method type. */
  callSite(i: number, at?: number): CallSiteItem {
    const c = this.callSites[i];
    if (c !== undefined) return c;
    this.checkIndex('call_site', i, this.callSiteIdsSize, at);
    const idAt = this.base + this.callSiteIdsOff + i * CALL_SITE_ID_ITEM_SIZE;
    const p = this.checkDataOffset('call_site_item', this.r.u32(idAt), 1, idAt);
    const [size, q0] = this.r.uleb128(p);
    if (size < 3) this.r.fail(`call_site_item ${i} has ${size} elements (need 3)`, p, ErrorCode.DEX_MALFORMED);
    // Elements: VALUE_METHOD_HANDLE, VALUE_STRING, VALUE_METHOD_TYPE (each as header byte + index bytes).
    let q = q0;
    const idx: number[] = [];
    for (let k = 0; k < 3; k++) {
      const hdr = this.r.u8(q);
      const n = (hdr >>> 5) + 1;
      let v = 0;
      for (let b = 0; b < n; b++) v += this.r.u8(q + 1 + b) * 2 ** (8 * b);
      idx.push(v);
      q += 1 + n;
    }
    const bootstrap = this.methodHandle(idx[0]!, p);
    const name = this.string(idx[1]!, p);
    const descriptor = this.proto(idx[2]!, p);
    const v: CallSiteItem = { bootstrap, name, descriptor, target: { owner: bootstrap.ref.owner, name, descriptor }, params: this.protoParams(idx[2]!) };
    this.callSites[i] = v;
    return v;
  }
}

/** Opens a dex file; a 041 container yields one DexFile per dex section. */
export function openDex(bytes: Uint8Array, path = 'classes.dex'): DexFile[] {
  const r = new ByteReader(bytes, 'dex', ErrorCode.DEX_MALFORMED);
  const first = new DexFile(r, 0, path);
  if (first.version < 41 || first.header.containerSize === 0) return [first];
  const out = [first];
  let at = first.header.fileSize;
  while (at < first.header.containerSize) {
    if (out.length > 65536) r.fail('too many dex sections in container', at, ErrorCode.DEX_BAD_HEADER);
    const d = new DexFile(r, at, `${path}@${at}`);
    out.push(d);
    at += d.header.fileSize;
  }
  return out;
}
