// Every string that reaches HTML goes through here: app labels, class names and policy text are hostile.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(s: string | number | null | undefined): string {
  if (s === null || s === undefined) return '';
  // Control characters are dropped too: they have no business in a report and confuse some viewers.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
}

/** Both languages; CSS shows one or both (see html-style.ts). */
export function bi(zh: string, en: string): string {
  // The same words in both (a name, a policy quote): shown once, in every language mode.
  if (zh === en) return `<span>${esc(zh)}</span>`;
  return `<span class="zh" lang="zh-CN">${esc(zh)}</span><span class="en sep" lang="en">${esc(en)}</span>`;
}
