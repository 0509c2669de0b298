// Sentence kinds of strict false positives, for `node eval/policy-eval.ts --fp-report`. Descriptive only: a
// kind says what the evidence sentence looks like, not whether the declaration is real (permission lists are
// mostly real declarations the annotators left unmarked; definitions and promises are mostly not).
// The first kind that matches wins, so the order goes from the most specific to the most generic.

export interface FpKind {
  key: string;
  label: string;
  test: (sentence: string, matched: string) => boolean;
}

const quoted = (s: string, m: string): boolean => {
  const i = s.indexOf(m);
  if (i < 0) return false;
  const open = Math.max(s.lastIndexOf('“', i), s.lastIndexOf('《', i), s.lastIndexOf('"', i), s.lastIndexOf('「', i));
  if (open < 0 || i - open > 12) return false;
  const close = s.slice(open + 1).search(/[”》"」]/);
  return close >= 0 && open + 1 + close >= i + m.length;
};

export const FP_KINDS: FpKind[] = [
  { key: 'table', label: 'table row (SDK or permission table)', test: (s) => /\||\t/.test(s) },
  { key: 'sdk', label: 'SDK prose (third-party SDK collects…)', test: (s) => /SDK|sdk/.test(s) },
  { key: 'quoted-name', label: 'word inside a quoted name (feature, product, SDK)', test: (s, m) => quoted(s, m) },
  {
    key: 'category',
    label: 'GB/T 35273 category or sensitive-information list',
    test: (s) => /个人(?:基本资料|身份信息|生物识别信息|财产信息|通信信息|上网记录|常用设备信息|位置信息|健康生理信息)|网络身份标识信息|个人敏感信息|敏感个人信息/.test(s),
  },
  {
    key: 'definition',
    label: 'definition or example (是指, 例如, 包括但不限于)',
    test: (s) => /是指|指的是|系指|包括但不限于|例如|比如|诸如|如：/.test(s),
  },
  {
    key: 'denial',
    label: 'promise or denial (不会, 保密, 不向)',
    test: (s) => /不会|不得|绝不|不再|并不|从不|保密|不向|不对外|不主动/.test(s),
  },
  {
    key: 'rights',
    label: 'rights or withdrawal (关闭, 撤回, 更改)',
    test: (s) => /关闭|撤回|撤销|取消授权|更改|变更|删除|注销/.test(s),
  },
  {
    key: 'tos',
    label: 'terms of service or disclaimer (责任, 原创, 不可抗力)',
    test: (s) => /责任|原创|不可抗力|承担|违反|侵权|违法|损失|损害/.test(s),
  },
  {
    key: 'location-means',
    label: 'means of locating (通过 GPS、WiFi、基站 获取位置)',
    test: (s) => /(?:GPS|WiFi|Wi-Fi|WIFI|WLAN|基站|蓝牙|传感器)[^。；]{0,40}(?:位置|定位)|(?:位置|定位)[^。；]{0,40}(?:GPS|WiFi|Wi-Fi|WIFI|WLAN|基站|蓝牙|传感器)/i.test(s),
  },
  {
    key: 'user-content',
    label: "user's own content (发布, 上传, 分享 内容)",
    test: (s) => /发布|上传|上载|发送|分享|评论|晒单/.test(s),
  },
  {
    key: 'hypothetical',
    label: 'hypothetical or condition (如果, 如, 若 … 则)',
    test: (s) => /如果|假如|若|倘若|一旦|如您|如你/.test(s),
  },
  { key: 'permission', label: 'permission request or list (权限, 授权, 开启)', test: (s) => /权限|授权|开启|访问/.test(s) },
  { key: 'device-list', label: 'device-information list (设备信息, 设备属性)', test: (s) => /设备(?:相关)?信息|设备属性|设备型号|硬件型号/.test(s) },
  { key: 'heading', label: 'short line or heading (≤ 20 characters)', test: (s) => s.length <= 20 },
  { key: 'other', label: 'other', test: () => true },
];

export function fpKind(sentence: string, matched: string): string {
  return FP_KINDS.find((k) => k.test(sentence, matched))!.key;
}
