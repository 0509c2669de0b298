// The one place that ties SDK names in a policy to catalogue ids, so "友盟+", "友盟统计SDK" and com.umeng are
// the same SDK. Until the shared catalogue (src/knowledge/sdks.json) lands, a small built-in table stands in;
// swapping it for sdkByAlias / sdkForClass changes this file only.

interface Known {
  id: string;
  aliases: string[];
  packages: string[];
}

const KNOWN: Known[] = [
  { id: 'umeng-analytics', aliases: ['友盟+', '友盟', '友盟统计', '友盟统计分析', 'umeng', 'U-App', '友盟移动统计'], packages: ['com.umeng'] },
  { id: 'jpush', aliases: ['极光推送', 'JPush', '极光'], packages: ['cn.jpush', 'cn.jiguang'] },
  { id: 'getui', aliases: ['个推', '个推推送', 'Getui', '个推消息推送'], packages: ['com.igexin', 'com.getui'] },
  { id: 'tencent-bugly', aliases: ['Bugly', '腾讯Bugly'], packages: ['com.tencent.bugly'] },
  { id: 'baidu-map', aliases: ['百度地图', '百度定位', '百度地图定位'], packages: ['com.baidu.location', 'com.baidu.mapapi'] },
  { id: 'amap', aliases: ['高德地图', '高德定位', '高德', 'AMap'], packages: ['com.amap.api', 'com.loc'] },
  { id: 'wechat-opensdk', aliases: ['微信开放平台', '微信SDK', '微信分享', '微信登录', '微信支付'], packages: ['com.tencent.mm.opensdk'] },
  { id: 'alipay', aliases: ['支付宝', '支付宝SDK', '支付宝支付'], packages: ['com.alipay'] },
  { id: 'tencent-qq', aliases: ['QQ互联', 'QQ登录', 'QQ分享', '腾讯开放平台'], packages: ['com.tencent.tauth', 'com.tencent.connect'] },
  { id: 'sina-weibo', aliases: ['微博', '新浪微博', '微博SDK'], packages: ['com.sina.weibo'] },
  { id: 'pangle', aliases: ['穿山甲', '穿山甲广告', 'Pangle'], packages: ['com.bytedance.sdk.openadsdk'] },
  { id: 'tencent-gdt', aliases: ['广点通', '优量汇', '腾讯广告'], packages: ['com.qq.e'] },
  { id: 'huawei-push', aliases: ['华为推送', 'HMS Push', '华为HMS'], packages: ['com.huawei.hms'] },
  { id: 'xiaomi-push', aliases: ['小米推送', 'MiPush'], packages: ['com.xiaomi.mipush'] },
  { id: 'oppo-push', aliases: ['OPPO推送', 'OPPO PUSH'], packages: ['com.heytap.msp', 'com.coloros.mcssdk'] },
  { id: 'vivo-push', aliases: ['vivo推送', 'VIVO PUSH'], packages: ['com.vivo.push'] },
  { id: 'sensorsdata', aliases: ['神策', '神策数据', '神策分析'], packages: ['com.sensorsdata'] },
  { id: 'shumei', aliases: ['数美', '数美天下'], packages: ['com.ishumei'] },
  { id: 'mob-sharesdk', aliases: ['ShareSDK', 'MobTech', 'MobLink', 'Mob'], packages: ['cn.sharesdk', 'com.mob'] },
];

/** Folds width, case and spaces, drops a trailing SDK, as the catalogue loader does. */
export function normaliseSdkName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00a0·•《》“”"]+/g, '')
    .replace(/[（(][^）)]*[）)]$/, '')
    .replace(/(sdk|软件开发工具包)$/, '');
}

const byAlias = new Map<string, string>();
for (const k of KNOWN) for (const a of k.aliases) byAlias.set(normaliseSdkName(a), k.id);

/** Catalogue id of an SDK named in a policy ("友盟统计SDK"), or of a Java package (com.umeng.analytics). */
export function matchSdk(nameOrPackage: string): string | null {
  const t = nameOrPackage.trim();
  if (/^[a-z][\w]*(\.[a-z_][\w]*)+/i.test(t) && !/\s/.test(t)) {
    let best: { id: string; len: number } | null = null;
    for (const k of KNOWN)
      for (const p of k.packages) if ((t === p || t.startsWith(p + '.')) && (best === null || p.length > best.len)) best = { id: k.id, len: p.length };
    if (best !== null) return best.id;
  }
  const norm = normaliseSdkName(t);
  const exact = byAlias.get(norm);
  if (exact !== undefined) return exact;
  // "友盟统计分析SDK（友盟同欣）": the longest alias that starts the name.
  let best: { id: string; len: number } | null = null;
  for (const [alias, id] of byAlias) if (alias.length >= 2 && norm.startsWith(alias) && (best === null || alias.length > best.len)) best = { id, len: alias.length };
  return best?.id ?? null;
}

/** SDKs named anywhere in a sentence, with the words that named them. */
export function sdksMentioned(text: string): { id: string; alias: string }[] {
  const out: { id: string; alias: string }[] = [];
  const norm = text.normalize('NFKC').toLowerCase();
  for (const k of KNOWN) {
    const alias = k.aliases.find((a) => a.length >= 3 && norm.includes(a.normalize('NFKC').toLowerCase()));
    const pkg = k.packages.find((p) => norm.includes(p));
    if (alias !== undefined || pkg !== undefined) out.push({ id: k.id, alias: alias ?? pkg! });
  }
  return out;
}
