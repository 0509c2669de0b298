// A Report shaped like a real scan (ids and wording as the engine writes them), for formatter tests only.
// The label and strings carry hostile markup on purpose: every format must escape them.
import type { Report } from '../types.ts';

export function sampleReport(): Report {
  return {
    schemaVersion: '1',
    tool: { name: 'piscope', version: '0.1.0' },
    input: { path: '/data/in/demo<1>.apk', sha256: 'a'.repeat(64), size: 1234567, kind: 'apk' },
    app: {
      packageName: 'com.example.demo',
      versionName: '2.3.1',
      versionCode: 231,
      label: '演示<script>alert(1)</script>',
      minSdk: 21,
      targetSdk: 30,
      category: { code: 'news', source: 'inferred', confidence: 0.62 },
      labelZh: '演示新闻',
      categoryReasons: ['label contains 新闻', 'policy mentions 资讯'],
    },
    permissions: [
      { name: 'android.permission.READ_PHONE_STATE', protectionLevel: 'dangerous', dangerous: true, dataTypes: ['device.imei', 'device.imsi'] },
      { name: 'android.permission.ACCESS_FINE_LOCATION', protectionLevel: 'dangerous', dangerous: true, dataTypes: ['location.precise'] },
      { name: 'android.permission.INTERNET', protectionLevel: 'normal', dangerous: false, dataTypes: [] },
    ],
    sdks: [
      { id: 'umeng-analytics', name: 'Umeng Analytics', nameZh: '友盟统计', vendor: '友盟同欣（北京）科技有限公司', matchedBy: 'both', packages: ['com.umeng.analytics'], confidence: 0.95, category: 'analytics' },
      { id: 'amap-location', name: 'AMap Location', nameZh: '高德定位', vendor: '高德软件有限公司', matchedBy: 'package', packages: ['com.amap.api.location'], confidence: 0.8, category: 'location' },
    ],
    apiCalls: [
      {
        api: 'android.telephony.TelephonyManager.getDeviceId', dataType: 'device.imei',
        caller: 'Lcom/umeng/analytics/DeviceConfig;->getImei(Landroid/content/Context;)Ljava/lang/String;',
        callerOwner: { kind: 'sdk', sdk: 'umeng-analytics' }, reachable: true, beforeConsent: true,
        path: ['Lcom/example/demo/App;->onCreate()V', 'Lcom/umeng/analytics/MobclickAgent;->init(Landroid/content/Context;)V', 'Lcom/umeng/analytics/DeviceConfig;->getImei(Landroid/content/Context;)Ljava/lang/String;'],
      },
      {
        api: 'android.location.LocationManager.getLastKnownLocation', dataType: 'location.precise',
        caller: 'Lcom/example/demo/MapActivity;->locate()V', callerOwner: { kind: 'app' }, reachable: true, beforeConsent: false,
      },
    ],
    dataTypes: [
      { id: 'device.imei', collectedBy: ['umeng-analytics'], evidence: ['permission', 'api'], declared: false, collectors: [{ party: 'sdk', sdk: 'umeng-analytics', reachable: true }], basis: 'reachable' },
      // A Report without the owner extensions (read from an older JSON): collectedBy only.
      { id: 'location.precise', collectedBy: ['app', 'amap-location'], evidence: ['permission', 'api'], declared: true },
      { id: 'device.imsi', collectedBy: [], evidence: ['permission'], declared: null, collectors: [], basis: 'permission' },
      { id: 'device.mac', collectedBy: [], evidence: ['api'], declared: null, collectors: [{ party: 'third-party', prefix: 'com.xxx.loc', reachable: true }], basis: 'reachable' },
      { id: 'location.coarse', collectedBy: [], evidence: ['permission'], declared: null, collectors: [{ party: 'platform', prefix: 'androidx.appcompat', reachable: false }], basis: 'unreachable' },
    ],
    policy: {
      found: true, source: 'assets/privacy.html', declaredDataTypes: ['location.precise'], declaredSdks: ['高德定位SDK'],
      hasContact: true, hasAccountDeletion: false, hasComplaintChannel: null, hasPersonalizationOptOut: null, hasMinorsClause: true,
      declared: [
        { dataType: 'location.precise', matched: '位置信息', purpose: '为您提供附近的新闻', condition: null, shared: false, sentence: '我们会收集您的位置信息，用于为您提供附近的新闻。', start: 120, end: 145, section: '一、我们如何收集和使用您的个人信息' },
      ],
      sdkDisclosures: [
        { name: '高德定位SDK', sdkId: 'amap-location', packageName: 'com.amap.api', vendor: '高德软件有限公司', purpose: '提供定位服务', dataTypes: ['location.precise'], policyUrl: 'https://lbs.amap.com/pages/privacy/', missingFields: [], fromTable: true, sentence: '高德定位SDK，用于提供定位服务', start: 900, end: 915, section: '三、第三方SDK' },
      ],
    },
    findings: [
      {
        ruleId: 'collect-before-consent', clauses: ['RD-3.1', 'M164-1.1-S5'], severity: 'high', confidence: 'likely', methods: ['static'],
        dataTypes: ['device.imei'], sdk: 'umeng-analytics',
        title: { zh: '同意隐私政策前收集IMEI', en: 'IMEI collected before consent' },
        message: { zh: '友盟统计在 Application.onCreate 中读取 IMEI，早于用户同意隐私政策。', en: 'Umeng Analytics reads the IMEI from Application.onCreate, before the user accepts the policy.' },
        evidence: [{
          kind: 'code', caller: 'Lcom/umeng/analytics/DeviceConfig;->getImei(Landroid/content/Context;)Ljava/lang/String;',
          callee: 'Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;', container: 'classes.dex',
          path: ['Lcom/example/demo/App;->onCreate()V', 'Lcom/umeng/analytics/MobclickAgent;->init(Landroid/content/Context;)V', 'Lcom/umeng/analytics/DeviceConfig;->getImei(Landroid/content/Context;)Ljava/lang/String;'],
          owner: { kind: 'sdk', sdk: 'umeng-analytics' },
        }],
        runtimeCheck: { zh: '冷启动后、点击同意前，hook getDeviceId 是否被调用。', en: 'Hook getDeviceId after a cold start, before tapping agree.' },
      },
      {
        ruleId: 'undeclared-data-type', clauses: ['RD-2.1'], severity: 'high', confidence: 'likely', methods: ['static', 'policy'], dataTypes: ['device.imei'],
        title: { zh: '隐私政策未声明收集IMEI', en: 'IMEI collected but not declared in the policy' },
        message: { zh: '代码读取 IMEI，隐私政策未提及。', en: 'The code reads the IMEI; the policy does not mention it.' },
        evidence: [
          { kind: 'policy', searched: ['一、我们如何收集和使用您的个人信息', '三、第三方SDK'], source: 'assets/privacy.html' },
          { kind: 'code', caller: 'Lcom/umeng/analytics/DeviceConfig;->getImei(Landroid/content/Context;)Ljava/lang/String;', callee: 'Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;' },
        ],
      },
      {
        ruleId: 'no-account-deletion', clauses: ['RD-6.1'], severity: 'medium', confidence: 'likely', methods: ['policy'],
        title: { zh: '隐私政策未说明注销账号方式', en: 'No account cancellation in the policy' },
        message: { zh: '未找到注销账号的说明。', en: 'No way to cancel the account was found.' },
        evidence: [{ kind: 'policy', searched: ['六、您的权利'], source: 'assets/privacy.html' }],
      },
      {
        ruleId: 'sensitive-permission-purpose', clauses: ['RD-2.3'], severity: 'medium', confidence: 'possible', methods: ['manifest', 'policy'], dataTypes: ['location.precise'],
        title: { zh: '申请定位权限时目的说明不明确', en: 'Location permission purpose unclear' },
        message: { zh: '政策中位置信息的目的说明过于笼统。', en: 'The stated purpose for location is vague.' },
        evidence: [
          { kind: 'manifest', element: '<uses-permission android:name="android.permission.ACCESS_FINE_LOCATION"/>', line: 12 },
          { kind: 'policy', excerpt: '我们会收集您的位置信息，用于为您提供附近的新闻。', start: 120, end: 145, section: '一、我们如何收集和使用您的个人信息', source: 'assets/privacy.html' },
        ],
      },
      {
        ruleId: 'self-start', clauses: ['M23-6'], severity: 'low', confidence: 'possible', methods: ['manifest'],
        title: { zh: '开机自启动', en: 'Starts itself at boot' },
        message: { zh: '注册了 BOOT_COMPLETED 广播接收器。', en: 'A BOOT_COMPLETED receiver is registered.' },
        evidence: [{ kind: 'manifest', element: '<receiver android:name=".BootReceiver">', line: 40, attribute: 'action', value: 'android.intent.action.BOOT_COMPLETED' }],
        suppressed: { justification: '推送唤醒，已在政策中说明', file: 'piscope-suppress.json' },
      },
      {
        ruleId: 'trace-imei-read', clauses: ['RD-3.1'], severity: 'info', confidence: 'confirmed', methods: ['dynamic', 'network'],
        title: { zh: '运行时观察到读取IMEI', en: 'IMEI read observed at runtime' },
        message: { zh: '跟踪记录显示读取 IMEI，并上传到 & 第三方 "域名"。', en: 'The trace shows the IMEI read and sent to a third-party host.' },
        evidence: [
          { kind: 'trace', events: [{ ts: 1700000000123, api: 'android.telephony.TelephonyManager.getDeviceId', stack: ['com.umeng.analytics.DeviceConfig.getImei'] }] },
          { kind: 'network', url: 'https://alog.umeng.com/app_logs?x=<b>', method: 'POST', matched: '866123456789012' },
          { kind: 'file', path: 'assets/sdk.cfg', detail: 'config names the IMEI' },
        ],
      },
    ],
    stats: { durationMs: 842, classes: 1200, methods: 9800, dexFiles: 2 },
    diagnostics: [{ severity: 'warning', code: 'DEX_MALFORMED', message: 'classes3.dex: skipped one method', file: 'classes3.dex' }],
  };
}
