// Which of the 39 app types an app is, when --category is not given: keywords in the label, the package
// name, the policy text, and the SDKs it embeds. The answer carries a confidence; rules never treat an
// inferred type as certain.
import type { SdkHit } from '../analysis/facts.ts';
import { APP_TYPES, type AppType } from '../rules/app-types.ts';

/** Per type code: label/policy words (Chinese or English) and package-name tokens. */
const KEYWORDS: Readonly<Record<string, { words: RegExp; tokens: readonly string[] }>> = {
  map_navigation: { words: /(地图|导航|map|navigation)/i, tokens: ['map', 'maps', 'navi', 'navigation', 'ditu'] },
  ride_hailing: { words: /(打车|网约车|叫车|出租车|taxi|ride)/i, tokens: ['taxi', 'didi', 'ride', 'dache', 'chuxing'] },
  instant_messaging: { words: /(即时通讯|聊天|消息|messenger|chat)/i, tokens: ['chat', 'im', 'messenger', 'talk', 'liaotian'] },
  online_community: { words: /(社区|论坛|贴吧|博客|forum|community)/i, tokens: ['bbs', 'forum', 'community', 'shequ', 'tieba'] },
  online_payment: { words: /(支付|钱包|收银|wallet|pay)/i, tokens: ['pay', 'wallet', 'zhifu', 'qianbao'] },
  online_shopping: { words: /(购物|商城|电商|网购|shop|mall)/i, tokens: ['shop', 'mall', 'store', 'buy', 'gouwu', 'shangcheng'] },
  food_delivery: { words: /(外卖|点餐|订餐|美食|delivery|food)/i, tokens: ['waimai', 'food', 'eleme', 'dingcan'] },
  express_delivery: { words: /(快递|物流|寄件|express|courier)/i, tokens: ['express', 'kuaidi', 'wuliu', 'courier'] },
  transport_ticketing: { words: /(车票|机票|火车票|购票|航班|12306|train|flight)/i, tokens: ['train', 'flight', 'ticket', 'piao', 'rail'] },
  dating: { words: /(婚恋|相亲|交友|dating|marry)/i, tokens: ['dating', 'marry', 'hunlian', 'xiangqin', 'jiaoyou'] },
  recruitment: { words: /(招聘|求职|简历|job|recruit)/i, tokens: ['job', 'jobs', 'zhaopin', 'recruit', 'hr'] },
  online_lending: { words: /(借款|贷款|借钱|信贷|loan|credit)/i, tokens: ['loan', 'daikuan', 'jiekuan', 'credit', 'dai'] },
  housing_rental_sale: { words: /(租房|房产|二手房|房源|house|rent)/i, tokens: ['house', 'fang', 'zufang', 'estate', 'rent'] },
  used_car: { words: /(二手车|used ?car)/i, tokens: ['usedcar', 'ershouche', 'guazi'] },
  medical_consult_registration: { words: /(问诊|挂号|医院|医生|患者|hospital|doctor)/i, tokens: ['hospital', 'doctor', 'yiyuan', 'guahao', 'health', 'med'] },
  travel_services: { words: /(旅游|旅行|景点|travel|trip)/i, tokens: ['travel', 'trip', 'lvyou', 'tour'] },
  hotel: { words: /(酒店|民宿|住宿|hotel)/i, tokens: ['hotel', 'jiudian'] },
  online_games: { words: /(游戏|手游|game)/i, tokens: ['game', 'games', 'youxi'] },
  education: { words: /(学习|教育|课堂|课程|作业|学生|老师|education|learn|study)/i, tokens: ['edu', 'education', 'study', 'learn', 'school', 'xuexi', 'class'] },
  local_life: { words: /(团购|本地生活|到店|优惠券|local)/i, tokens: ['tuangou', 'local', 'dianping', 'life'] },
  womens_health: { words: /(经期|月经|孕期|备孕|女性健康|period)/i, tokens: ['period', 'meiyou', 'yunqi', 'baby'] },
  vehicle_services: { words: /(用车|租车|共享单车|充电桩|停车|car ?rental|parking)/i, tokens: ['car', 'bike', 'parking', 'zuche', 'charge'] },
  investment: { words: /(理财|证券|基金|股票|投资|stock|fund|invest)/i, tokens: ['stock', 'fund', 'invest', 'securities', 'licai', 'gupiao'] },
  mobile_banking: { words: /(银行|手机银行|bank)/i, tokens: ['bank', 'banking', 'yinhang'] },
  email_cloud_drive: { words: /(邮箱|网盘|云盘|mail|cloud ?drive)/i, tokens: ['mail', 'email', 'pan', 'drive', 'cloud'] },
  remote_meeting: { words: /(会议|视频会议|meeting)/i, tokens: ['meeting', 'meet', 'conference', 'huiyi'] },
  live_streaming: { words: /(直播|live ?stream)/i, tokens: ['live', 'zhibo'] },
  online_audio_video: { words: /(影音|音乐|视频播放|电影|电视剧|music|player)/i, tokens: ['music', 'video', 'player', 'movie', 'yinyue'] },
  short_video: { words: /(短视频|short ?video)/i, tokens: ['shortvideo', 'douyin', 'kuaishou'] },
  news: { words: /(新闻|资讯|头条|news)/i, tokens: ['news', 'xinwen', 'toutiao', 'zixun'] },
  fitness: { words: /(运动|健身|跑步|fitness|workout)/i, tokens: ['fitness', 'sport', 'sports', 'run', 'workout', 'jianshen'] },
  browser: { words: /(浏览器|browser)/i, tokens: ['browser', 'liulanqi'] },
  input_method: { words: /(输入法|键盘|keyboard|input method)/i, tokens: ['ime', 'keyboard', 'input', 'pinyin', 'shurufa'] },
  security_management: { words: /(安全管家|清理|杀毒|手机管家|antivirus|cleaner|security)/i, tokens: ['security', 'clean', 'cleaner', 'antivirus', 'guard'] },
  ebook: { words: /(小说|阅读|电子书|书城|novel|reader|ebook)/i, tokens: ['novel', 'reader', 'book', 'ebook', 'read', 'xiaoshuo'] },
  photo_beautify: { words: /(相机|美颜|修图|拍照|camera|photo)/i, tokens: ['camera', 'photo', 'beauty', 'meitu', 'xiangji'] },
  app_store: { words: /(应用商店|应用市场|app ?store|market)/i, tokens: ['market', 'appstore', 'store'] },
  utility_tools: { words: /(工具|计算器|手电筒|天气|日历|闹钟|扫描|calculator|flashlight|weather|tool)/i, tokens: ['tool', 'tools', 'calculator', 'flashlight', 'weather', 'util', 'utils', 'clock', 'scanner', 'settings'] },
  performance_ticketing: { words: /(演出|演唱会|话剧|票务|concert|show)/i, tokens: ['damai', 'concert', 'show', 'piaowu'] },
};

/** SDK categories that hint at a type (weak signals). */
const SDK_HINTS: Readonly<Record<string, string>> = { map: 'map_navigation', payment: 'online_shopping', im: 'instant_messaging', rtc: 'remote_meeting' };

export interface AppTypeSignals {
  packageName: string | null;
  labels: readonly (string | null)[];
  sdks: readonly SdkHit[];
  policyText: string | null;
}

export interface InferredAppType {
  type: AppType | null;
  confidence: number | null;
  /** Why: the strongest signals, for the report. */
  reasons: string[];
}

/** `消息 ×7、聊天 ×3` from a list of matched words. */
function wordCounts(found: readonly string[]): string {
  const n = new Map<string, number>();
  for (const w of found) n.set(w.toLowerCase(), (n.get(w.toLowerCase()) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1]).map(([w, c]) => `${w} ×${c}`).join('、');
}

function tokens(packageName: string): string[] {
  return packageName.split(/[._]/).flatMap((seg) => seg.split(/(?=[A-Z])/)).map((t) => t.toLowerCase()).filter((t) => t.length > 0);
}

export function inferAppType(s: AppTypeSignals): InferredAppType {
  const scores = new Map<string, { score: number; reasons: string[] }>();
  const add = (code: string, n: number, why: string): void => {
    const e = scores.get(code) ?? { score: 0, reasons: [] };
    e.score += n;
    e.reasons.push(why);
    scores.set(code, e);
  };
  const pkgTokens = s.packageName === null ? [] : tokens(s.packageName).slice(1); // skip the com/cn/io root
  const policy = s.policyText?.slice(0, 20000) ?? null;
  for (const [code, k] of Object.entries(KEYWORDS)) {
    for (const label of s.labels) if (label !== null && k.words.test(label)) add(code, 3, `label "${label}"`);
    for (const t of pkgTokens) if (k.tokens.includes(t)) add(code, 2, `package token "${t}"`);
    if (policy !== null) {
      const found = policy.match(new RegExp(k.words.source, 'gi')) ?? [];
      const hits = Math.min(found.length, 10);
      // The words themselves, most frequent first (a reader should not have to read the pattern).
      if (hits >= 3) add(code, hits / 5, `policy mentions ${wordCounts(found)}`);
    }
  }
  for (const sdk of s.sdks) {
    const code = SDK_HINTS[sdk.category];
    if (code !== undefined) add(code, 0.5, `SDK ${sdk.id}`);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const best = ranked[0];
  if (best === undefined || best[1].score < 2) return { type: null, confidence: null, reasons: best?.[1].reasons ?? [] };
  const second = ranked[1]?.[1].score ?? 0;
  // Margin over the runner-up and absolute strength both count; an inference never reaches certainty.
  const margin = (best[1].score - second) / best[1].score;
  const strength = Math.min(best[1].score / 6, 1);
  const confidence = Math.round(Math.min(0.9, 0.2 + 0.3 * margin + 0.4 * strength) * 100) / 100;
  return { type: APP_TYPES.find((t) => t.code === best[0]) ?? null, confidence, reasons: best[1].reasons.slice(0, 5) };
}
