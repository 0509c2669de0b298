import { describe, expect, it } from 'vitest';
import { displayWidth, wrapLine } from './terminal.ts';
import { TEXT_WIDTH, textReporter } from './text-reporter.ts';
import { sampleReport } from './testing/sample-report.ts';

describe('text reporter', () => {
  const r = sampleReport();
  const plain = textReporter(r, { color: false });

  it('has the header with app, package, version, kind, category and counts', () => {
    expect(plain).toContain('com.example.demo');
    expect(plain).toContain('应用 App          演示新闻 (演示<script>alert(1)</script>)');
    expect(plain).toContain('依据 because: label contains 新闻; policy mentions 资讯');
    expect(plain).toContain('2.3.1 (231)');
    expect(plain).toContain('APK');
    expect(plain).toMatch(/新闻资讯类 \/ News.*\[news\] \(推断 inferred, 62%\)/);
    expect(plain).toContain('2 高 high · 2 中 medium · 0 低 low · 1 提示 info');
    expect(plain).toContain('+1 已豁免 suppressed');
    expect(plain).toContain('权限 Permissions  3 (2 危险 dangerous: READ_PHONE_STATE, ACCESS_FINE_LOCATION)');
  });

  it('groups findings by clause, most severe first, with Chinese and English titles', () => {
    const iRd31 = plain.indexOf('■ RD-3.1');
    const iRd21 = plain.indexOf('■ RD-2.1');
    const iRd61 = plain.indexOf('■ RD-6.1');
    expect(iRd21).toBeGreaterThan(0);
    expect(iRd31).toBeGreaterThan(iRd21); // both high: clause order
    expect(iRd61).toBeGreaterThan(iRd31); // medium after high
    expect(plain).toContain('同意隐私政策前收集IMEI / IMEI collected before consent');
    // The info finding with RD-3.1 sits in the RD-3.1 group, after the high one.
    expect(plain.indexOf('运行时观察到读取IMEI')).toBeGreaterThan(plain.indexOf('同意隐私政策前收集IMEI'));
  });

  it('shows evidence compactly: call path, manifest line, policy sentence, searched sections', () => {
    expect(plain).toContain('调用路径 call path: Lcom/example/demo/App;->onCreate()V');
    expect(plain).toContain('→ Lcom/umeng/analytics/MobclickAgent;->init(Landroid/content/Context;)V');
    expect(plain).toContain('AndroidManifest.xml:12  <uses-permission');
    expect(plain).toContain('「我们会收集您的位置信息，用于为您提供附近的新闻。」');
    expect(plain).toContain('检索 searched: 六、您的权利');
  });

  it('lists suppressed findings apart, with their justification', () => {
    expect(plain).toMatch(/已豁免 \/ Suppressed \(1\)\n.*self-start.*推送唤醒/);
    expect(plain).not.toMatch(/■ M23-6/);
  });

  it('has no escape codes without colour, and colours severities with it', () => {
    expect(plain).not.toContain('\u001b[');
    const coloured = textReporter(r, { color: true });
    expect(coloured).toContain('\u001b[31m');
    expect(coloured.replace(new RegExp(String.fromCharCode(27) + '\\[\\d+m', 'g'), '')).toBe(plain);
  });

  it('never passes control characters from app strings to the terminal', () => {
    const evil = sampleReport();
    evil.app.label = 'x\u001b]0;pwned\u0007\u202eevil';
    const out = textReporter(evil, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u202e');
    expect(out).toContain('x\\x1b]0;pwned\\x07');
  });

  it('says so when there is nothing', () => {
    const empty = sampleReport();
    empty.findings = [];
    empty.sdks = [];
    empty.dataTypes = [];
    empty.policy = { ...empty.policy, found: false };
    const out = textReporter(empty, {});
    expect(out).toContain('no findings');
    expect(out).toContain('未找到 / not found');
  });

  it('shows the first three call sites of a finding and counts the rest', () => {
    const many = sampleReport();
    const f = many.findings[1]!;
    f.evidence = Array.from({ length: 5 }, (_, i) => ({ kind: 'code' as const, caller: `Lcom/x/C${i};->m()V` }));
    const out = textReporter(many, {});
    expect(out).toContain('Lcom/x/C2;->m()V');
    expect(out).not.toContain('Lcom/x/C3;->m()V');
    expect(out).toContain('另有 2 处调用 / 2 more call sites');
  });

  it('says per data type what backs it and whose code reads it: only the app\'s own code is App自身', () => {
    expect(plain.replace(/\n +/g, ' ')).toContain('个人信息 / Personal information (5: 2 可达代码收集 collected by reachable code · 1 代码中收集 collected in code · 1 仅不可达代码 only in unreachable code · 1 仅申请权限 permission requested only)');
    const table = plain.slice(plain.indexOf('个人信息 / Personal'), plain.indexOf('隐私政策 / Privacy policy'));
    expect(table).toMatch(/MAC地址 \/ MAC address +可达代码收集 reachable code[^\n]*\n +由 by: 未识别的第三方代码 unidentified third-party code com\.xxx\.loc\n/);
    expect(table).toMatch(/IMSI[^\n]*仅申请权限 permission only[^\n]*\n(?! +由 by)/);
    expect(table).toMatch(/粗略位置[^\n]*仅不可达代码 dead code only[^\n]*\n +由 by: 平台库 platform library androidx\.appcompat（不可达 unreachable）/);
    // The old-style entry (no collectors) still names the app and the SDK.
    expect(table).toMatch(/精确位置[^\n]*\n +由 by: App自身 the app; 高德定位 \(AMap Location\)/);
    expect(table.match(/App自身/g)).toHaveLength(1);
  });

  it('fits a terminal: no line wider than TEXT_WIDTH columns but for one unbreakable token', () => {
    const long = sampleReport();
    long.findings[0]!.message.zh = '应用在用户同意隐私政策前即收集'.repeat(12);
    long.findings[0]!.message.en = 'The app collects personal information before the user consents '.repeat(5);
    for (const text of [textReporter(long, { color: false }), textReporter(long, { color: true }).replace(new RegExp(String.fromCharCode(27) + '\\[\\d+m', 'g'), '')]) {
      for (const line of text.split('\n')) {
        if (displayWidth(line) <= TEXT_WIDTH) continue;
        // Longer only when the line holds a single token longer than the rest of the room (a smali method).
        const words = line.trim().split(/\s+/);
        expect(words.some((w) => displayWidth(w) > TEXT_WIDTH / 2), line).toBe(true);
      }
    }
    expect(textReporter(long, { color: false })).toContain('应用在用户同意隐私政策前即收集');
  });

  it('wraps between words, Chinese ones too, never inside a word, keeping punctuation with its text', () => {
    expect(wrapLine('  aaaa bbbb cccc', 11, '    ')).toEqual(['  aaaa bbbb', '    cccc']);
    expect(wrapLine('收集「设备标识」，路径', 10, '')).toEqual(['收集「设备', '标识」，', '路径']);
    // A line of a real report (ApiDemos' no-privacy-policy finding): 通讯录 used to part as 通讯 / 录.
    expect(wrapLine('      no-privacy-policy · 很可能 likely · static+policy · RD-1.1 C25-2 M164-1.1-S1 · 剪切板、通讯录、已安装应用列表', 94, '        '))
      .toEqual(['      no-privacy-policy · 很可能 likely · static+policy · RD-1.1 C25-2 M164-1.1-S1 · 剪切板、', '        通讯录、已安装应用列表']);
    // A token wider than any line stays after a short lead, and goes to its own line after a long one.
    expect(wrapLine(`x ${'L'.repeat(30)};->m()V y`, 20, '  ')).toEqual([`x ${'L'.repeat(30)};->m()V`, '  y']);
    expect(wrapLine(`${'w '.repeat(16)}${'L'.repeat(50)}`, 40, '  ')).toEqual(['w '.repeat(16).trim(), `  ${'L'.repeat(50)}`]);
    expect(wrapLine('short', 20, '')).toEqual(['short']);
  });
});
