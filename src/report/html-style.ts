import { esc } from './html-escape.ts';

// The report's only stylesheet, inlined so the file works offline and prints the same in Chromium.
// The language switch is CSS only (radio buttons), so it needs no script.
export const HTML_STYLE = `
:root{--hi:#b3261e;--me:#a15c00;--lo:#1f6f8b;--in:#666;--ok:#2e7d32;--bd:#d9d9d9;--bg:#f7f7f8}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#1a1a1a;line-height:1.5;font-size:14px}
main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;border-bottom:2px solid #333;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:18px 0 6px}
code,.mono{font-family:"Noto Sans Mono CJK SC","DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid var(--bd);padding:4px 6px;text-align:left;vertical-align:top}th{background:var(--bg)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}.meta dt{color:#555}.meta dd{margin:0}
.cards{display:flex;gap:12px;margin:12px 0;flex-wrap:wrap}.card{border:1px solid var(--bd);border-radius:6px;padding:8px 14px;min-width:110px}.card b{font-size:22px;display:block}
.sev-high{color:var(--hi)}.sev-medium{color:var(--me)}.sev-low{color:var(--lo)}.sev-info{color:var(--in)}
.badge{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;font-weight:bold;margin-right:6px}
.badge.high{background:var(--hi)}.badge.medium{background:var(--me)}.badge.low{background:var(--lo)}.badge.info{background:var(--in)}
.clause{border-left:4px solid var(--bd);padding-left:12px;margin:18px 0}.clause.high{border-color:var(--hi)}.clause.medium{border-color:var(--me)}.clause.low{border-color:var(--lo)}
.finding{border:1px solid var(--bd);border-radius:6px;padding:8px 12px;margin:8px 0;break-inside:avoid}
.src{color:#666;font-size:12px;margin:-4px 0 6px}
.sub{color:#555;font-size:12px}
.ev{background:var(--bg);border-radius:4px;padding:6px 8px;margin:6px 0;font-size:13px}.ev ol{margin:2px 0;padding-left:22px}
mark{background:#ffe58f;padding:0 1px}.ctx{color:#555}
.yes{color:var(--ok)}.no{color:var(--hi)}.unk{color:var(--in)}
.switch{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--bd);padding:6px 24px;z-index:1}
.switch label{margin-right:14px;cursor:pointer;color:#1f6f8b}
#lang-both:checked~.switch label[for=lang-both],#lang-zh:checked~.switch label[for=lang-zh],#lang-en:checked~.switch label[for=lang-en]{font-weight:bold;color:#1a1a1a;text-decoration:underline}
#lang-zh:checked~main .en,#lang-en:checked~main .zh{display:none}
#lang-zh:checked~.switch .en,#lang-en:checked~.switch .zh{display:none}
.sep::before{content:" / ";color:#999}
#lang-en:checked~main .sep::before{content:none}
p.en,div.en{color:#444}
.suppressed{opacity:.7}
footer{color:#777;font-size:12px;margin-top:32px}
@media print{.switch,input[name=lang]{display:none}main{padding:0}h2{break-after:avoid}@page{size:A4;margin:14mm 12mm}}
`;

/**
 * The page both HTML documents (report, 双清单) are: a CSP that forbids every fetch and script (the app's
 * strings are hostile), the inline stylesheet, and the CSS-only language switch around `main`.
 */
export function htmlPage(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<input type="radio" name="lang" id="lang-both" checked hidden><input type="radio" name="lang" id="lang-zh" hidden><input type="radio" name="lang" id="lang-en" hidden>
<div class="switch">语言 Language: <label for="lang-both">中文 + English</label><label for="lang-zh">中文</label><label for="lang-en">English</label></div>
<main>
${main}
</main>
</body>
</html>
`;
}
