// One package (APK, AAR, JAR, bare DEX or class file, wxapkg) opened into the OpenedPackage view: the ZIP's
// central directory at once, the manifest and resource table, signing and native libraries; code is indexed
// on first use. Nothing here trusts a file name: the kind and nested code are recognised by their bytes.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { toSource, type ByteSource } from '../binary/byte-source.ts';
import { detectKind } from '../formats/detect.ts';
import { parseAxml } from '../formats/axml/parse-axml.ts';
import { parseArsc, type ResourceTable } from '../formats/arsc/parse-arsc.ts';
import { readZip, type ZipArchive, type ZipEntry } from '../formats/zip/index.ts';
import { describeError, ErrorCode, PiscopeError } from '../errors.ts';
import { buildCodeIndex, type CodeInput } from './code-index.ts';
import type { CodeIndex } from './code-model.ts';
import { buildManifest } from './manifest.ts';
import { classInputs, DEX_TOP, defaultBudget, scanNested, topLevelDex } from './nested-code.ts';
import { readSigning } from './signing-info.ts';
import { parseTextXml } from './text-xml.ts';
import type { Diagnostic, EntryInfo, Manifest, NativeLib, OpenedPackage, PackageKind, Signing } from './types.ts';
import { toXmlElement } from './xml-element.ts';

export interface OpenOptions {
  /** Where the bytes came from: used in messages and to name a bare jar's classes. */
  path: string;
  signal?: AbortSignal;
  /** Largest size one ZIP entry may inflate to (default 512 MiB). */
  maxEntrySize?: number;
  /** Inflated dex bytes the code index holds at once (default 256 MiB); past it, files are re-read on use. */
  dexBudgetBytes?: number;
}

function checkAbort(signal: AbortSignal | undefined, step: string): void {
  if (signal?.aborted === true) throw new PiscopeError(ErrorCode.CANCELLED, `cancelled before ${step}`, { structure: 'open_package' });
}

const NATIVE = /^(?:lib|jni)\/([^/]+)\/([^/]+\.so)$/;
// framework-res.apk, the largest real case, has a 222 KB manifest and a 32 MB table: these leave room.
const MAX_MANIFEST = 32 << 20;
const MAX_ARSC = 256 << 20;

/**
 * Opens a package from bytes in memory or from a ByteSource (a FileSource reads the file piece by piece and
 * never holds it whole; the caller closes it once done with the package, whose parts are read lazily).
 */
export function openPackage(input: Uint8Array | ByteSource, opts: OpenOptions): OpenedPackage {
  const { signal } = opts;
  const file = opts.path;
  checkAbort(signal, 'reading');
  const src = toSource(input);
  const detected = detectKind(src, file, opts.maxEntrySize === undefined ? undefined : { maxEntrySize: opts.maxEntrySize });
  const zip = detected.zip;
  const diagnostics: Diagnostic[] = [];
  const warn = (code: string, message: string, f: string | null): void => {
    diagnostics.push({ severity: 'warning', code, message, file: f });
  };
  const error = (e: unknown, f: string): void => {
    diagnostics.push({ severity: 'error', code: e instanceof PiscopeError ? e.code : 'INTERNAL', message: describeError(e), file: f });
  };

  // Inflated entries that readEntry hands out (resources.arsc among them, which the policy search reads
  // again), kept once. Dex files are not kept here: the code index reads and drops them within its budget.
  const cache = new Map<string, Uint8Array>();
  const cached = (z: ZipArchive, e: ZipEntry, maxBytes?: number): Uint8Array => {
    let data = cache.get(e.name);
    if (data === undefined) cache.set(e.name, (data = z.read(e, maxBytes)));
    return data;
  };
  let kind: PackageKind;
  const inputs: CodeInput[] = [];
  const sink = { inputs, diagnostics };
  // One budget for the whole package, so many small nested archives cannot add up past it.
  const budget = defaultBudget(signal);
  let manifest: Manifest | null = null;
  let table: ResourceTable | null = null;
  const name = basename(file);

  if (detected.kind === 'dex' || detected.kind === 'class') {
    kind = detected.kind === 'dex' ? 'dex' : 'jar';
    // A bare dex or class file is code and nothing else: it is read whole.
    inputs.push({ path: name, format: detected.kind, origin: 'primary', bytes: src.whole ?? src.read(0, src.size) });
  } else if (detected.kind === 'wxapkg' || zip === null) {
    kind = 'wxapkg';
  } else if (detected.kind === 'apk') {
    kind = 'apk';
    checkAbort(signal, 'resources.arsc');
    if (zip.get('resources.arsc') !== undefined) {
      try {
        table = parseArsc(cached(zip, zip.get('resources.arsc')!, MAX_ARSC));
        for (const n of table.notes) warn(ErrorCode.ARSC_MALFORMED, n, 'resources.arsc');
      } catch (e) {
        error(e, 'resources.arsc');
      }
    }
    checkAbort(signal, 'AndroidManifest.xml');
    try {
      const raw = manifestBytes(zip, detected.manifest);
      const t = table;
      const localized = t === null ? null : (id: number, locale: string): string | null => t.resolve(id, locale, true);
      if (looksLikeText(raw)) {
        // Uncompiled (text) manifest in an APK: Android would refuse it, but its content is still evidence.
        warn(ErrorCode.AXML_MALFORMED, 'AndroidManifest.xml is plain text, not compiled binary XML', 'AndroidManifest.xml');
        manifest = buildManifest(parseTextXml(new TextDecoder('utf-8').decode(raw), 'AndroidManifest.xml'), localized);
      } else {
        const doc = parseAxml(raw);
        for (const n of doc.notes) warn(ErrorCode.AXML_MALFORMED, n, 'AndroidManifest.xml');
        manifest = buildManifest(toXmlElement(doc.root, t), localized);
      }
    } catch (e) {
      error(e, 'AndroidManifest.xml');
    }
    // Read when the code index wants them, and again if it dropped them (its dex budget): not kept here.
    topLevelDex(zip).forEach((e, i) => {
      inputs.push({ path: e.name, format: 'dex', origin: i === 0 ? 'primary' : 'secondary', bytes: () => zip.read(e) });
    });
    checkAbort(signal, 'nested code');
    scanNested(zip, '', 1, (e) => isNestedCandidate(e, true), budget, sink);
  } else if (detected.kind === 'aar') {
    kind = 'aar';
    try {
      const text = new TextDecoder('utf-8').decode(manifestBytes(zip, detected.manifest));
      manifest = buildManifest(parseTextXml(text, 'AndroidManifest.xml'), null);
    } catch (e) {
      error(e, 'AndroidManifest.xml');
    }
    for (const e of zip.entries) {
      const primary = e.name === 'classes.jar';
      if (!primary && !/^libs\/[^/]+\.jar$/.test(e.name)) continue;
      checkAbort(signal, e.name);
      try {
        const inner = readInner(zip, e);
        classInputs(inner, e.name, primary ? 'primary' : 'secondary', sink);
        scanNested(inner, `${e.name}!`, 2, (x) => !x.name.endsWith('.class') && !x.name.startsWith('META-INF/'), budget, sink);
      } catch (err) {
        error(err, e.name);
      }
    }
    scanNested(zip, '', 1, (e) => isNestedCandidate(e, false) && e.name !== 'classes.jar' && !e.name.startsWith('libs/'), budget, sink);
  } else {
    kind = 'jar';
    topLevelDex(zip).forEach((e, i) => {
      inputs.push({ path: `${name}!${e.name}`, format: 'dex', origin: i === 0 ? 'primary' : 'secondary', bytes: () => zip.read(e) });
    });
    classInputs(zip, name, 'primary', sink);
    scanNested(zip, '', 1, (e) => !e.name.endsWith('.class') && !e.name.startsWith('META-INF/') && !DEX_TOP.test(e.name), budget, sink);
  }

  let signing: Signing | null = null;
  if (zip !== null) {
    try {
      signing = readSigning(src, zip, kind === 'apk');
    } catch (e) {
      error(e, 'META-INF');
    }
  }

  let code: CodeIndex | undefined;
  let sha: string | undefined;
  const entries: EntryInfo[] = zip === null ? [] : zip.entries.map((e) => ({ name: e.name, compressedSize: e.compressedSize, size: e.size, method: e.method }));
  return {
    kind,
    path: file,
    size: src.size,
    get sha256(): string {
      // Hashing 18 MB costs about as much as inflating it: only when someone asks.
      sha ??= sha256Of(src);
      return sha;
    },
    manifest,
    entries,
    readEntry(entryName: string): Uint8Array | undefined {
      const e = zip?.get(entryName);
      return zip === null || e === undefined ? undefined : cached(zip, e);
    },
    resolveString(ref: number | string, locale = ''): string | null {
      if (table === null) return null;
      const id = typeof ref === 'number' ? ref : refId(table, ref);
      return id === null ? null : table.resolve(id, locale);
    },
    get code(): CodeIndex {
      if (code === undefined) {
        checkAbort(signal, 'indexing code');
        code = buildCodeIndex(inputs, { onError: (e) => error(e, e.file ?? file), ...(opts.dexBudgetBytes === undefined ? {} : { dexBudgetBytes: opts.dexBudgetBytes }) });
        inputs.length = 0; // the index keeps what it needs; let the rest go
      }
      return code;
    },
    nativeLibs: zip === null ? [] : nativeLibs(zip),
    signing,
    zipOddities: zip === null ? [] : zip.oddities,
    get diagnostics(): Diagnostic[] {
      // The code index reads containers as passes reach them: once it exists, every container's problems count.
      code?.indexAll();
      return diagnostics;
    },
  };
}

const HASH_CHUNK = 1 << 20;

function sha256Of(src: ByteSource): string {
  const h = createHash('sha256');
  if (src.whole !== null) return h.update(src.whole).digest('hex');
  for (let off = 0; off < src.size; off += HASH_CHUNK) h.update(src.read(off, Math.min(HASH_CHUNK, src.size - off)));
  return h.digest('hex');
}

/** Assets, raw resources and odd top-level files (instant-run.zip, a dex named `a.png`) may hide code. */
function isNestedCandidate(e: ZipEntry, apk: boolean): boolean {
  if (e.name.startsWith('assets/') || e.name.startsWith('res/raw/')) return true;
  if (e.name.includes('/')) return false;
  return !(apk && (e.name === 'AndroidManifest.xml' || e.name === 'resources.arsc' || DEX_TOP.test(e.name)));
}

/** `<` first, after an optional UTF-8 byte order mark and whitespace. */
function looksLikeText(b: Uint8Array): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i] === 0x3c;
}

/** The manifest detection already inflated; read again only past our own limit, so that limit still reports. */
function manifestBytes(zip: ZipArchive, detected: Uint8Array | undefined): Uint8Array {
  return detected !== undefined && detected.length <= MAX_MANIFEST ? detected : zip.read('AndroidManifest.xml', MAX_MANIFEST);
}

function readInner(zip: ZipArchive, e: ZipEntry): ZipArchive {
  return readZip(zip.read(e));
}

function refId(table: ResourceTable, ref: string): number | null {
  const m = /^@?(?:\+?([\w.]+):)?([\w]+)\/([\w.]+)$/.exec(ref);
  if (m !== null) return table.idOf(m[2]!, m[3]!);
  const hex = /^@?0x([0-9a-f]{1,8})$/i.exec(ref);
  return hex === null ? null : Number.parseInt(hex[1]!, 16);
}

function nativeLibs(zip: ZipArchive): NativeLib[] {
  const out: NativeLib[] = [];
  for (const e of zip.entries) {
    const m = NATIVE.exec(e.name);
    if (m !== null) out.push({ path: e.name, abi: m[1]!, name: m[2]!, size: e.size });
  }
  return out;
}
