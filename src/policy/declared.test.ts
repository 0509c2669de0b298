// Declared data types: sentences that name a data type without declaring it (names, notices, disclaimers,
// definitions, rights, warnings), each next to a real declaration that must still count. All text is ours.
import { describe, expect, it } from 'vitest';
import { analyzePolicyText } from './analyze.ts';

const declared = (text: string): string[] => analyzePolicyText(text, 'test.txt').declaredDataTypes;

describe('words that name something else declare nothing', () => {
  it('a product name in quotes, and the same name unquoted elsewhere', () => {
    const p = '欢迎使用“示例相机”软件及相关服务。\n在使用示例相机的过程中，您可能需要提供您的个人信息。\n';
    expect(declared(p)).not.toContain('camera');
    expect(declared(`${p}当您使用扫码功能时，我们会申请相机权限。\n`)).toContain('camera');
  });

  it("the policy's own short name (以下简称“X”) and an unquoted title line name the product", () => {
    const p = '您在使用示例语音APP（以下简称“示例语音”）时，我们可能会收集您使用示例语音时的设备型号。\n';
    expect(declared(p)).not.toContain('microphone');
    expect(declared(`${p}使用语音聊天功能时，我们会请求麦克风权限。\n`)).toContain('microphone');
    const t = '## 示例相机隐私保护指引\n在您使用示例相机时，我们会收集您的操作系统版本。\n';
    expect(declared(t)).not.toContain('camera');
    expect(declared(`${t}扫码时我们需要使用您的相机。\n`)).toContain('camera');
  });

  it("a phone maker's login account is no device information", () => {
    expect(declared('您通过各手机品牌用户账号登录时，我们会收集您的昵称和头像。')).not.toContain('device.info');
  });

  it('text to speech is no microphone', () => {
    const t = declared('我们需要存储权限以加载天气语音播报所需的素材。');
    expect(t).toContain('storage');
    expect(t).not.toContain('microphone');
  });

  it('a map provider that supplies location data', () => {
    expect(declared('我们会与为我们提供位置数据的地图服务供应商共享您的个人信息。')).not.toContain('location.precise');
  });

  it("the user's own terminal data getting lost, and a network as a carrier", () => {
    expect(declared('为避免用户的终端信息丢失，本应用将把您的数据上传至服务器备份。')).not.toContain('device.info');
    expect(declared('我们通过有线或无线网络向用户提供下载服务（包括但不限于SMS、MMS、WAP）。')).toEqual([]);
  });
});

describe('names, people and services that are not the data', () => {
  it('a data word with a product suffix, and one of a company\'s products in a list', () => {
    expect(declared('您同意升级到最新版本，否则录音助手无法保证正常使用。')).toEqual([]);
    expect(declared('本政策适用于示例公司旗下产品（包括示例搜索、示例地图、示例图片、示例网盘）收集的信息。')).not.toContain('media.images');
    // A data list whose items share a head word is no product list.
    expect(declared('我们会收集设备型号、设备类型、设备MAC地址。')).toContain('device.mac');
  });

  it('a bare 联系人 is a person the user names unless the device or a permission is in view', () => {
    expect(declared('申请借款时需要提供您的收入情况、工作单位、联系人信息。')).not.toContain('contacts');
    expect(declared('预订时需提供入住人姓名、联系人姓名、联系人手机号。')).not.toContain('contacts');
    expect(declared('经您授权，我们会读取您的联系人，以便您邀请好友。')).toContain('contacts');
  });

  it("the numbers of the user's contacts are not the user's phone number", () => {
    const t = declared('如您开启导入通讯录功能，我们会对您联系人的姓名和电话号码进行加密后收集。');
    expect(t).toContain('contacts');
    expect(t).not.toContain('device.phone-number');
    expect(declared('注册时我们会收集您的姓名和电话号码。')).toContain('device.phone-number');
  });

  it('a clause scoped to iOS says nothing of the Android app', () => {
    expect(declared('在iOS系统我们还会获取陀螺仪权限，用于辅助拍摄。')).not.toContain('sensors');
    expect(declared('为在手表上显示您的步数（仅限iOS端），我们需要获取运动与健身的授权以读取相关数据。')).not.toContain('health');
    expect(declared('为在手表上显示您的步数，我们需要获取运动与健身的授权以读取相关数据。')).toContain('health');
    expect(declared('我们会获取陀螺仪权限（iOS与Android均适用），用于辅助拍摄。')).toContain('sensors');
  });

  it('a voice service offered, and sound the app plays, are no microphone', () => {
    expect(declared('团队成员可以使用通讯录、语音服务、文件服务等功能。')).not.toContain('microphone');
    expect(declared('开启后台运行后，语音朗读和播放音频不会中断。')).not.toContain('microphone');
    expect(declared('发送语音消息时，我们需要使用您的麦克风。')).toContain('microphone');
  });

  it('pictures the app writes to storage are not the photo library', () => {
    const t = declared('为缓存文章，应用需要向外部存储写入数据、图片等文件。');
    expect(t).not.toContain('media.images');
    expect(t).toContain('storage');
    expect(declared('更换头像时，我们会读取您相册中的图片。')).toContain('media.images');
  });

  it('terms of service: bans, harassment lists and the app\'s own content', () => {
    expect(declared('使用信用卡套现充值的账号，本平台将封停该账号。')).toEqual([]);
    expect(declared('禁止发送涉嫌性骚扰的文字、图片及语音。')).toEqual([]);
    expect(declared('本应用提供的信息内容包括文字、声音、相片、录像，均受法律保护。')).toEqual([]);
  });
});

describe('sentences that only mention a data type', () => {
  it('metadata of shared photos and a web beacon image', () => {
    expect(declared('我们会收集您分享的内容所包含的信息，例如拍摄或上传的共享照片的日期和地点。')).not.toContain('media.images');
    expect(declared('我们使用网页信标统计访问，它是网页中一个1像素的透明图片。')).not.toContain('media.images');
    expect(declared('您或他人共享的照片包含的地理标记信息可能被我们收集。')).not.toContain('media.images');
  });

  it('notices sent by SMS; reading SMS still counts', () => {
    expect(declared('我们将以推送通知、发送邮件或短消息的方式告知您。')).not.toContain('sms');
    expect(declared('对于营销短信，您可回复T退订。')).not.toContain('sms');
    expect(declared('为识别银行转账通知，我们会读取您的短信内容。')).toContain('sms');
  });

  it("the app's own cache and server space are not shared storage", () => {
    expect(declared('为了提供高效的搜索服务，这些信息会暂时存储在您的本地存储设备之中。')).not.toContain('storage');
    expect(declared('我们会在服务器上为您的数据分配存储空间。')).not.toContain('storage');
    expect(declared('我们会申请存储权限以保存您下载的书籍。')).toContain('storage');
  });

  it('disclaimers, unless the sentence also asks the user for data', () => {
    expect(declared('因短信通道故障导致的延迟，我们不承担责任。')).toEqual([]);
    expect(declared('您上传的图片、音频应为原创或已获授权。')).toEqual([]);
    expect(declared('服务可能受不可抗力、用户所在位置等因素影响，我们会尽力保障。')).toEqual([]);
    expect(declared('办理信用卡时需要您提交身份证号，因信息不真实造成的损失由您自行承担。')).toContain('identity.id-number');
  });

  it('withdrawing access names the permissions without declaring them', () => {
    expect(declared('您可以通过设备的设置关闭相应权限（包括位置、通讯录、相机），撤回对我们获取您个人信息的授权。')).toEqual([]);
    expect(declared('用户可以更改、删除帐户上的个人资料，删除时也会删除用户储存在系统中的图片。')).not.toContain('media.images');
  });

  it('a warning about what users choose to publish', () => {
    expect(declared('请注意，您上传或发布的内容（例如照片）可能会泄露您的敏感信息。')).not.toContain('media.images');
  });
});

describe('definitions and denials', () => {
  it('"个人隐私信息是指…" defines; a collecting sentence declares', () => {
    expect(declared('个人隐私信息是指涉及用户个人身份的信息，比如身份证号、手机设备识别码。')).toEqual([]);
    expect(declared('我们会收集您的身份证号以完成实名认证。')).toContain('identity.id-number');
  });

  it('the GB/T 35273 "其他信息（包括…）" line under a collecting lead', () => {
    const lead = '我们会收集以下个人信息：\n';
    expect(declared(`${lead}其他信息（包括通讯录、网页浏览记录、住宿信息、精准定位信息）；\n`)).not.toContain('contacts');
    expect(declared(`${lead}通讯录信息，用于添加好友；\n`)).toContain('contacts');
  });

  it('"并不会出于任何目的拍摄" and "并不会直接读取" are denials', () => {
    const a = analyzePolicyText('本应用只在来电时使用闪光灯，并不会出于任何目的拍摄照片。', 't');
    expect(a.declaredDataTypes).not.toContain('media.images');
    expect(a.negated.map((n) => n.dataType)).toContain('media.images');
    expect(declared('我们并不会直接读取您的人脸信息，而是使用系统接口返回的验证结果。')).not.toContain('biometric.face');
  });

  it('"个人信息，是指…" defines even with a comma; "…的个人信息，包括…" still lists', () => {
    expect(declared('个人信息，是指能够识别特定自然人的各种信息，包括但不限于身份证件号码、电话号码。')).toEqual([]);
    expect(declared('注册时我们会收集您提供的个人信息，包括手机号码。')).toContain('device.phone-number');
  });

  it('a denial later in the sentence governs its earlier mention of the same type', () => {
    const a = analyzePolicyText('系统弹窗可能显示我们读取了您的应用列表，但我们并不收集您的应用列表。', 't');
    expect(a.declaredDataTypes).not.toContain('app-list');
    expect(a.negated.map((n) => n.dataType)).toContain('app-list');
    // A denial that only holds if the user refuses leaves the declaration standing.
    expect(declared('如您拒绝短信权限，我们将不读取短信内容。')).toContain('sms');
  });

  it('access that an update removed is no declaration; a stop time is a field', () => {
    expect(declared('本次更新内容：移除本应用对设备IMEI、IMSI的读取权限。')).toEqual([]);
    expect(declared('我们会收集会话启动/停止时间、IMEI。')).toContain('device.imei');
  });

  it('搜集 is a collecting verb', () => {
    expect(declared('运营方搜集的信息包括您的姓名、身份证号。')).toContain('identity.id-number');
  });
});

// [what the first sentence shows, data-type id, a sentence that names it without declaring it, one that declares it]
const PAIRS: readonly (readonly [string, string, string, string])[] = [
  ['a quoted SDK or feature name', 'microphone', '第三方SDK“示例语音”为您提供朗读服务，需要读取手机状态。', '第三方SDK“示例语音”需要获取您的麦克风权限。'],
  ['calls with customer service are not the device call log', 'call-log', '当您联系客服时，我们可能会保存您与我们的通话记录，以便解决问题。', '为识别骚扰来电，我们需要读取您的通话记录。'],
  ['the feature a collection serves is named, not collected', 'calendar', '为向您提供设置闹钟和日程的功能，我们需要收集您系统的时间戳和时区。', '为向您提供日程提醒功能，我们需要读取您的日历。'],
  ['pictures made from the text the user types are not photos', 'media.images', '在您请求根据输入文字生成图片时，我们会收集您输入的字符串。', '在您上传图片时，我们需要读取您本地存储的图片。'],
  ['hotspots the service recommends are not Wi-Fi data of the device', 'location.wifi', '为向您优先推荐使用WLAN热点，我们会在您授权后使用您的位置信息。', '我们会通过GPS、WLAN或基站获取您的位置信息。'],
  ['a user agreement granting the use of features declares nothing', 'media.images', '用户有权使用本应用提供的个人主页、照片上传、分享个人信息。', '您上传照片时，我们需要访问您的相册。'],
  ["the app's own process is not the list of running apps", 'app-list.running', '游戏进行时我们将收集游戏软件进程信息及崩溃记录。', '为预防恶意程序，我们会收集正在运行的进程信息。'],
  ['a face photo compared with identity records is no photo library', 'media.images', '实名认证时我们会获取您的头像照片与公安系统登记的信息进行比对。', '更换头像时，我们需要访问您的相册以选择照片。'],
  ["a calendar the service keeps is not the device's calendar", 'calendar', '我们将收集并同步您在平台中处理的日程安排，以便在日历功能中展示。', '为在日历功能中提醒您，我们会申请读取系统日历的权限。'],
];

describe('a mention that declares nothing, next to a declaration that counts', () => {
  it.each(PAIRS)('%s', (_what, id, mention, declaration) => {
    expect(declared(mention)).not.toContain(id);
    expect(declared(declaration)).toContain(id);
  });
});
