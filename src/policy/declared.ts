// Declared data types: synonym hits in sentences that speak of collecting, using or sharing, each with its
// purpose and condition. A hit under "我们不会收集…" is a denial (kept apart in `negated`); "仅在您使用扫码功能时"
// is a condition, still a declaration; "未经您同意，我们不会…" is a condition too, not a denial.
import type { DeclaredDataType } from './types.ts';
import type { Sentence } from './structure.ts';
import { findSynonyms } from './synonyms.ts';

const VERB =
  /收集|搜集|获取|采集|读取|访问|调用|申请|开启|授权|提供|上传|记录|保存|存储|留存|共享|分享|传输|识别|需要|填写|绑定|验证|接入|使用|查看|权限|获得|取得|处理|发送|传送|披露|转让|检测|扫描|录入|输入|上报|统计|核验|认证|查询/;
const SHARE = /共享|提供给|分享给|转让|披露|第三方|合作方|合作伙伴|SDK|关联方|关联公司|向[^，。；]{1,20}提供/i;
const NEG =
  /(?:不会|不再|不得|无需|不需要|并不|绝不|从不|不|未|没有)(?:会|再|主动|直接|对外|私自|擅自|单独|以任何方式|出于任何目的)?(?:收集|拍摄|获取|采集|读取|索取|调用|访问|使用|共享|上传|保存|存储|要求|申请|记录|获得|分享|传输|公开|披露|出售|涉及|包括|包含|含有|留存)/;
const NEG_NOUN = /不包括|不包含|不涉及|不含|并非|无关/;
// The user's own refusal ("如您不提供位置信息") is not the operator denying collection.
const USER_REFUSAL = /(?:您|你|用户)(?:可以|可|有权|也可以|也可)?(?:选择)?(?:不|拒绝)$/;
const REFUSAL_IF = /(?:如|如果|若|假如|一旦|当)(?:您|你|用户)[^，。；]{0,8}(?:拒绝|不同意|不授权|未授权|关闭|撤回|不开启|不允许)/;
const CONDITIONAL_NEG = /未经|除非|除外|例外|除[^，。；]{0,30}外|征得|同意前|同意之前/;
const PURPOSE = /(?:用于|以便|为了|目的是|目的在于|用来|旨在|从而)([^，。；,;：:]{2,40})/;
const CONDITION =
  /(?:仅在|仅当|只有在|只在|当您|在您|如果您|如您|若您|您在|在使用|当你|在你|如果你|如你)([^，。；,;]{1,40}?)(?:时|的情况下|过程中|期间|之后|之前|后)/;
// Definitions list examples of personal information; they declare nothing.
// "个人隐私信息是指…比如，手机设备识别码" and "非个人隐私信息指…设备信息" (user agreements) define too.
// "个人信息，是指…" defines too: a comma may stand before 是指, but not before 包括 ("您提供的个人信息，包括…" lists).
const DEFINITION =
  /(?:个人信息|个人敏感信息|敏感个人信息|敏感信息|个人身份信息|个人隐私信息)(?:[^，。；]{0,12}(?:是指|指的是|系指|例如|比如|包括)|\s*[，,]\s*(?:是指|指的是|系指))|(?:个人|隐私)信息指|被认为是|被视为|可能被认为|一旦泄露|属于(?:个人)?敏感(?:个人)?信息|有多种用途/;
const WE_COLLECT = /(?:我们|我方|本公司|本应用|本软件|本平台|本产品|我司)[^，。；]{0,30}(?:收集|获取|采集|读取|申请|调用|访问|需要|使用)/;
// Telling the user how to switch a permission off, or to withdraw, declares nothing by itself.
const RIGHTS =
  /(?:您|你|用户)[^，。；]{0,6}(?:可以|可|有权)[^。；]{0,40}(?:关闭|撤回|撤销|取消授权|更改|删除|注销)|(?:开通或撤回|撤回|撤销)[^。；]{0,30}(?:授权|同意)/;
// "撤回对我们获取您个人信息的授权" names our collecting only as the thing withdrawn.
const WITHDRAWN = /(?:撤回|撤销|取消|改变)[^，。；]{0,12}对我们[^，。；]{0,4}(?:获取|收集|访问|使用)/g;
const isRights = (text: string): boolean => RIGHTS.test(text) && !WE_COLLECT.test(text.replace(WITHDRAWN, ''));
// Per data type: uses of a word that are not the data (an SMS sent to the user, a forbidden-content list).
const NOT_DATA: Record<string, RegExp> = {
  // "拍摄或上传的共享照片…的日期、时间或地点": metadata of shared content, not camera use.
  camera: /拍摄或上传/,
  // The same metadata; and a web beacon's one-pixel transparent image.
  // A face photo taken to compare with identity records ("头像照片…与公安系统…比对") is a face check, not the album.
  'media.images': /拍摄或上传|像素|透明图片|网页信标|地理标记|(?:头像|人脸|面部|本人)(?:照片|图片|相片)[^。；]{0,30}(?:比对|核验|核对|比照)/,
  // Messages sent to the user (notices, marketing, unsubscribing), and telecom service lists (SMS、MMS、WAP).
  sms: /(?:通过|以|采用|发送|向您|给您)[^，。；]{0,20}(?:短信|短消息|短信息)|(?:短信|短消息|短信息)[^，。；]{0,10}(?:通知|方式|形式|提醒|推送|告知|联系)|(?:邮件|推送)[、/或和及 ]{1,3}(?:短信|短消息|短信息)|(?:短信|短消息)[、/或和及 ]{1,3}(?:邮件|电话|站内信|私信|推送)|营销短信|退订|MMS/,
  // Space on the operator's servers, and the app's own cache "暂时存储在您的本地存储设备之中": not shared files.
  // Pictures the app writes to storage ("往外部存储写入数据、图片") use storage, not the user's photos.
  // Pictures the app makes from the user's text ("根据输入文字生成图片") are not the user's photos either.
  'media.images-written': /写入[^，。；]{0,12}(?:图片|照片|相片)|(?:文字|文本)[^，。；]{0,4}生成[^，。；]{0,6}(?:图片|配图)/,
  // Hotspots the service recommends ("优先推荐使用WLAN热点") are its own data, not Wi-Fi scans of the device.
  'location.wifi': /推荐(?:使用|连接)?(?:WLAN|WiFi|Wi-Fi|WIFI|无线网络)热点/i,
  // The user's calls with customer service ("当您与我们联系时，我们会保存通话记录"), not the device call log.
  'call-log': /(?:与|和|同)(?:我们|客服)[^，。；]{0,8}(?:联系|沟通|通话)|联系我们|客服/,
  // A calendar the service keeps ("在平台中处理的日程…在日历功能中展示"), unless the device's calendar is in view.
  calendar: /^(?![^。]*(?:权限|系统日历|手机日历|设备日历|本地日历|读取|写入))[^。]*(?:(?:平台|应用|App|APP|软件)(?:中|内|上)[^，。；]{0,10}(?:日程|日历)|日历功能)/,
  storage: /服务器[^，。；]{0,12}存储空间|(?:存储|储存|暂存|保存|缓存)(?:在|于|至)[^，。；]{0,10}存储设备/,
};
// A bare 联系人 is often a person the user names (a loan's reference persons, a booking's contact, social
// contacts); it is the address book only where the sentence speaks of the device or a permission.
const ADDRESS_BOOK = /通讯录|通信录|电话簿|手机联系人|读取|导入|访问|同步|权限|设备|手机(?:中|里|上|的)/;
// Terms-of-service clauses (forbidden content, intellectual property, liability) and the user's own dealings.
// "如果更新的内容需要采集…，仍会再次征求你的同意": a possible future change, not a declaration.
const HYPOTHETICAL = /(?:更新|修订|变更)[^。]{0,12}(?:需要|涉及)[^。]*(?:再次|重新)[^。]{0,12}(?:征求|征得|取得)/;
// "用户…制作、上传、发布、传播的文字、语音、图片": the content rules of a user agreement.
// "您上传或发布的内容…可能会泄露您的敏感信息": a warning about what users choose to publish.
const PUBLISH_WARNING = /(?:上传|发布|分享|公开)[^。]{0,60}可能(?:会)?(?:泄露|涉及|包含|暴露)/;
const CONTENT_RULES = /(?:制作|上载|上传|复制|发布|传播|传送)、(?:制作|上载|上传|复制|发布|传播|传送)/;
// Also account bans (信用卡套现, 封停), harassment lists, and the app's own content ("本软件提供的信息内容包括…相片").
const TOS =
  /淫秽|色情|赌博|恐怖|颠覆国家|反对宪法|侵犯他人|知识产权|著作权|版权|商标权|原创|不可抗力|承担法律责任|赔偿责任|交易对方|公开分享您的相关信息|套现|封停|性骚扰|诱骗|(?:本软件|本应用|本平台|本网站|本产品|本服务)(?:所)?提供的(?:信息)?内容|(?:用户|您|你)有权使用/;
// Disclaimers ("损失由您自行承担"): skipped unless the same sentence also says what is collected from the user.
const LIABILITY = /承担相关的法律责任|不承担|自行承担|负全部责任|不负责任/;
const ASKS_USER = /(?:需要|请|要求)(?:您|你|用户)(?:提交|提供|填写|上传)/;
// A sentence that enumerates the GB/T 35273 categories of personal information is a definition, not a list of
// what this app collects.
const CATEGORY = /基本资料|个人身份信息|生物识别信息|财产信息|通信信息|上网记录|常用设备信息|网络身份标识信息|健康生理信息|教育工作信息|个人位置信息/g;
function isCategoryList(text: string): boolean {
  if (new Set(text.match(CATEGORY) ?? []).size >= 3) return true;
  // One category per line, as copied from the standard's appendix: "个人生物识别信息（包括声纹、指纹、面部特征等）；".
  return (
    /^[\s*•\-\d.、()（）]*(?:个人(?:基本资料|身份信息|生物识别信息|财产信息|通信信息|上网记录|常用设备信息|位置信息|健康生理信息)|网络身份标识信息)[（(]/.test(text) ||
    // The appendix's last line: "其他信息（包括通讯录、网页浏览记录、住宿信息、精准定位信息）".
    /^[\s*•\-\d.、()（）]*其他信息[（(][^）)]*(?:性取向|婚史|宗教信仰|网页浏览记录|住宿信息|精准定位信息)/.test(text)
  );
}

// Quoted names of a product, feature or SDK (“轻颜相机”软件, “语音导出”及相关服务, SDK“wlan链接”, 《黄油相机隐私政策》)
// name the product, not the data: a synonym inside such a name declares nothing, here or anywhere else in the
// policy where the same name recurs unquoted ("在使用轻颜相机的过程中"). A quote holding the word alone (“相册”权限)
// or a list (“相册、相机”) is no name.
const NAME_AFTER = /^(?:软件|App|APP|app|应用|及相关服务|及服务|产品|平台|客户端|用户协议|隐私政策|SDK)/;
const QUOTED = /“([^”“]{2,16})”|"([^"]{2,16})"|《([^》《]{2,24})》/g;
function productNames(sentences: readonly Sentence[]): string[] {
  const names = new Set<string>();
  for (const s of sentences) {
    for (const m of s.text.matchAll(QUOTED)) {
      let name = m[1] ?? m[2] ?? m[3]!;
      if (m[3] !== undefined) {
        // 《X隐私政策》, 《X用户协议》: X is the product.
        const lead = /^(.{2,12}?)[\s–—\-·]*(?:隐私政策|隐私权政策|隐私保护指引|用户协议|服务协议)/.exec(name);
        if (lead === null) continue;
        name = lead[1]!;
      } else {
        const after = s.text.slice(m.index + m[0].length);
        const before = s.text.slice(Math.max(0, m.index - 6), m.index);
        // “X”软件, SDK“X”, and the policy's own short name: （以下简称“X”）.
        if (!NAME_AFTER.test(after) && !/SDK\s*$/i.test(before) && !/以下(?:简)?称(?:为)?\s*$/.test(before)) continue;
      }
      if (/[、，,/]/.test(name)) continue;
      addName(names, name);
    }
    // An unquoted title line names the product too: "## X隐私保护指引".
    const title = /^[\s#*_]*([^\s#*_，。；：、（）()《》“”"]{2,12}?)(?:隐私政策|隐私权政策|隐私保护指引|隐私保护政策)[\s*_]*$/.exec(s.text);
    if (title !== null) addName(names, title[1]!);
  }
  return [...names];
}

/** Adds a name longer than the data word it holds. */
function addName(names: Set<string>, name: string): void {
  const hits = findSynonyms(name).filter((h) => h.ids.length > 0);
  if (hits.length > 0 && hits.every((h) => h.end - h.start < name.length)) names.add(name);
}

function inName(text: string, start: number, end: number, names: readonly string[]): boolean {
  for (const n of names) {
    for (let i = text.indexOf(n, Math.max(0, start - n.length)); i >= 0 && i <= start; i = text.indexOf(n, i + 1)) {
      if (i + n.length >= end) return true;
    }
  }
  return false;
}

// Unquoted product names: a data word with a product suffix (定位精灵, 录音助手), or one item of a list of one
// company's products ("示例公司旗下示例搜索、示例百科、示例图片"; the brand heads three items or more).
const PRODUCT_SUFFIX = /^(?:精灵|助手|大师|管家|神器)/;
function inProductName(text: string, start: number, end: number): boolean {
  if (PRODUCT_SUFFIX.test(text.slice(end))) return true;
  const item = /(?:^|[、，,（(：:\s])([\u4e00-\u9fff]{2,4})$/.exec(text.slice(Math.max(0, start - 5), start));
  if (item === null || /[您你我的其该此本和及与或等]/.test(item[1]!) || !/^(?:$|[、，,）)\s])/.test(text.slice(end, end + 1))) return false;
  const brand = item[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const items = text.match(new RegExp(`(?:^|[、，,（(：:\\s])${brand}[^、，,（）()\\s]{1,6}(?=[、，,）)\\s]|$)`, 'g')) ?? [];
  // The brand must be named as a company in the sentence too: "设备型号、设备类型、设备MAC地址" is a data list.
  return items.length >= 3 && new RegExp(`${brand}(?:公司|集团|旗下)`).test(text);
}

// How far back a negation or condition is looked for: bounded, so a huge sentence stays linear.
const WINDOW = 120;

function clauseBefore(text: string, at: number): string {
  const win = text.slice(Math.max(0, at - WINDOW), at);
  const lastCut = (end: number): number => Math.max(win.lastIndexOf('，', end), win.lastIndexOf(',', end), win.lastIndexOf('：', end), win.lastIndexOf(':', end));
  let cut = lastCut(win.length - 1);
  // "我们不会分享…的信息，例如你的姓名、身份证号": an example clause belongs to the clause before it.
  if (cut > 0 && /^\s*(?:例如|比如|如|包括|即|诸如)/.test(win.slice(cut + 1))) cut = lastCut(cut - 1);
  return win.slice(cut + 1);
}

// "移除App对于用户设备IMEI、IMSI的权限获取能力": access taken away (an update notice) is no declaration; a
// "启动/停止时间" is a field, not a removal.
const REMOVED = /(?:移除|去除|去掉|停止|下线)(?!时间|时刻|日期)了?[^，。；,;]{0,30}$/;

function isNegated(text: string, at: number): boolean {
  const clause = clauseBefore(text, at);
  if (REMOVED.test(clause)) return true;
  const m = NEG.exec(clause) ?? NEG_NOUN.exec(clause);
  if (m === null) {
    // "我们不会收集您的以下信息：通讯录、短信" — a denial that governs the whole sentence.
    const head = text.slice(Math.max(0, at - WINDOW), at);
    const g = /(?:不会|并不|绝不|不)(?:主动)?(?:收集|获取|读取|采集)[^，。；]*[：:]/.exec(head);
    return g !== null && !CONDITIONAL_NEG.test(head.slice(0, g.index));
  }
  if (USER_REFUSAL.test(clause.slice(0, m.index))) return false;
  const before = text.slice(Math.max(0, at - clause.length - WINDOW), at - clause.length + m.index);
  if (CONDITIONAL_NEG.test(before) || CONDITIONAL_NEG.test(clause.slice(0, m.index))) return false;
  return true;
}

// "为向您提供查询和设置日程的功能，我们需要收集您系统的时间戳": the feature served is named before the data
// collected for it; a word in that lead is the feature, not the data. Returns where the lead ends (0: none).
const SERVED = /^[\s\d.、()（）*]*为(?:了)?(?:向您|给您|向你|给你|您|你)?提供[^，。；,;]{1,40}(?:功能|服务)[，,](?=[^。；]*(?:我们|我方|本应用|本软件)[^，。；]{0,12}(?:收集|获取|采集|读取|需要))/;
function servedFeature(text: string): number {
  return SERVED.exec(text)?.[0].length ?? 0;
}

// "在iOS系统我们还获取陀螺仪权限", "步数（仅限iOS端）": a clause scoped to iOS says nothing of the Android app.
const IOS_SCOPE = /(?:仅限|仅在|仅适用于|只在|只适用于)\s*(?:iOS|苹果)|在\s*(?:iOS|苹果)\s*(?:系统|端|设备|版本|平台)/i;
function iosOnly(text: string, at: number): boolean {
  // The clause around the hit, bounded so that a huge sentence stays linear.
  const cut = /[，。；,;]/;
  let s = at;
  while (s > 0 && at - s < WINDOW && !cut.test(text[s - 1]!)) s--;
  let e = at;
  while (e < text.length && e - at < WINDOW && !cut.test(text[e]!)) e++;
  const clause = text.slice(s, e);
  return IOS_SCOPE.test(clause) && !/Android|安卓/i.test(clause);
}

export interface DeclaredResult {
  declared: DeclaredDataType[];
  negated: DeclaredDataType[];
}

/**
 * Sentences with a collecting verb declare what they name; list items and table rows inherit the verb of the
 * sentence that introduces them ("我们会收集以下信息：").
 */
export function extractDeclared(sentences: readonly Sentence[]): DeclaredResult {
  const declared: DeclaredDataType[] = [];
  const negated: DeclaredDataType[] = [];
  let lead: { line: number; negated: boolean; purpose: string | null; definition: boolean } | null = null;
  const names = productNames(sentences);
  for (const s of sentences) {
    const text = s.text;
    const hasVerb = VERB.test(text);
    const endsIntro = /[：:]$/.test(text) && hasVerb;
    const inherits: boolean =
      lead !== null && (s.listItem || s.tableRow || !hasVerb) && s.line - lead.line <= 12 && !/[：:]$/.test(text);
    if (!s.listItem && !s.tableRow && hasVerb && !endsIntro) lead = null;
    const served = servedFeature(text);
    const ios = /iOS|苹果/i.test(text);
    const hits = findSynonyms(text).filter((h) => h.ids.length > 0 && h.end > served && !inName(text, h.start, h.end, names) && !inProductName(text, h.start, h.end));
    // A definition ("个人敏感信息是指…") that does not say we collect: it names data without declaring it.
    const definition: boolean = DEFINITION.test(text) && !WE_COLLECT.test(text);
    const skip: boolean =
      definition ||
      isRights(text) ||
      TOS.test(text) ||
      (LIABILITY.test(text) && !WE_COLLECT.test(text) && !ASKS_USER.test(text)) ||
      CONTENT_RULES.test(text) ||
      (PUBLISH_WARNING.test(text) && !WE_COLLECT.test(text)) ||
      HYPOTHETICAL.test(text) ||
      isCategoryList(text) ||
      (inherits && !hasVerb && lead!.definition);
    const declares: boolean = hits.length > 0 && (hasVerb || inherits) && !skip;
    // The sentence's own purpose, read once when it declares or introduces a list.
    const ownPurpose: string | null = declares || endsIntro ? (PURPOSE.exec(text)?.[1]?.trim() ?? null) : null;
    if (declares) {
      const purpose = ownPurpose ?? (inherits ? (lead?.purpose ?? null) : null);
      const condition = CONDITION.exec(text)?.[0] ?? null;
      const shared = SHARE.test(text);
      const mine: { item: DeclaredDataType; neg: boolean }[] = [];
      for (const h of hits) {
        const neg = hasVerb ? isNegated(text, h.start) : inherits && lead!.negated;
        for (const id of h.ids) {
          if (NOT_DATA[id]?.test(text) === true || NOT_DATA[`${id}-written`]?.test(text) === true) continue;
          if (id === 'contacts' && /^联系人/.test(h.term) && !ADDRESS_BOOK.test(text)) continue;
          if (ios && iosOnly(text, h.start)) continue;
          // "游戏软件进程信息": the app's own process (crash records), not the other apps running.
          if (id === 'app-list.running' && /(?:游戏|本软件|本应用|本产品|本程序)(?:软件|应用|客户端)?$/.test(text.slice(Math.max(0, h.start - 6), h.start))) continue;
          // "联系人的姓名和电话号码": the numbers of the user's contacts are address-book data, not the user's number.
          if (id === 'device.phone-number' && /(?:联系人|通讯录|好友)中?的[^，。；]{0,8}$/.test(text.slice(Math.max(0, h.start - 14), h.start))) continue;
          const item: DeclaredDataType = {
            dataType: id,
            matched: h.term,
            matchStart: s.start + h.start,
            matchEnd: s.start + h.end,
            purpose,
            condition,
            shared,
            sentence: text,
            start: s.start,
            end: s.end,
            section: s.section,
          };
          mine.push({ item, neg });
        }
      }
      // "…显示我们获取了您的软件列表，…我们并不收集您的软件列表": a denial anywhere in the sentence governs its other
      // mentions of the same data type. Not "如您拒绝短信授权，我们将不读取短信": that denial only holds on refusal.
      const denied = new Set(REFUSAL_IF.test(text) ? [] : mine.filter((m) => m.neg).map((m) => m.item.dataType));
      for (const m of mine) (m.neg || denied.has(m.item.dataType) ? negated : declared).push(m.item);
    }
    if (endsIntro)
      lead = {
        line: s.line,
        negated: isNegated(text, text.length),
        purpose: ownPurpose,
        definition,
      };
    else if (/[：:]$/.test(text) && DEFINITION.test(text) && !s.listItem)
      // "个人敏感信息包括：" introduces a definition list even without a collecting verb.
      lead = { line: s.line, negated: false, purpose: null, definition: true };
  }
  return { declared, negated };
}
