export { appidFromPath, decryptWxapkg, isEncryptedWxapkg } from './decrypt.ts';
export { checkWxapkgHeader, isPlainWxapkg, readWxapkg, type Wxapkg, type WxapkgEntry, type WxapkgOptions } from './read-wxapkg.ts';
export { isBaseLibrary } from './base-library.ts';
