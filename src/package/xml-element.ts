// Binary XML → XmlElement: attribute values resolved through resources.arsc where they are references to
// simple values (strings, ints, booleans); the reference id is kept in `refs` for per-locale lookups.
import { isReference } from '../formats/axml/res-value.ts';
import type { AxmlElement } from '../formats/axml/parse-axml.ts';
import type { ResourceTable } from '../formats/arsc/parse-arsc.ts';
import type { XmlElement } from './types.ts';

export function toXmlElement(el: AxmlElement, table: ResourceTable | null): XmlElement {
  const attrs: Record<string, string> = {};
  const refs: Record<string, number> = {};
  for (const a of el.attrs) {
    // Android finds an attribute by id and takes the first match; a tampered duplicate later on is ignored.
    if (Object.hasOwn(attrs, a.qname)) continue;
    let text = a.text;
    if (isReference(a.value) && a.value.data !== 0) {
      refs[a.qname] = a.value.data;
      text = table?.resolve(a.value.data) ?? text;
    }
    attrs[a.qname] = text;
  }
  const out: XmlElement = { tag: el.tag, attrs, children: el.children.map((c) => toXmlElement(c, table)), line: el.line };
  return Object.keys(refs).length > 0 ? { ...out, refs } : out;
}
