// The DEX reader's public surface (dex-format.html names): open a file, walk its sections, decode code.
export { openDex, DexFile, type ClassDefItem, type CallSiteItem, type MethodHandleItem, type Section } from './dex-file.ts';
export { isDex, readHeaderItem, HEADER_ITEM_SIZE, HEADER_ITEM_SIZE_V41, NO_INDEX, type HeaderItem } from './header-item.ts';
export { readClassData, readStaticValues, readClassAnnotations, readEncodedValue, type ClassDataItem, type EncodedField, type EncodedMethod } from './class-data.ts';
export { decodeCodeItem, readCodeItemHeader, type CodeItemHeader } from './code-item.ts';
export { readMapList, type MapItem } from './map-list.ts';
export { decodeMutf8 } from './mutf8.ts';
export type { MethodCodeFacts, MethodRefFact, FieldRefFact, ValueFact, InvokeFact, InvokeKindFact } from '../code-facts.ts';
