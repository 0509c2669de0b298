// scan() on the real corpus (test tools and SDK binaries, none of them a consumer app with a policy): every
// report satisfies the contract, and the findings read sensibly: for apps, the only high or medium ones may
// be about the missing policy and beyond-scope collection; an SDK scanned alone gets no high or medium at all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.ts';
import { assertValidReport } from '../../src/report/testing/validate.ts';
import { corpusFile } from '../helpers/paths.ts';

const APPS = ['android-apidemos', 'appium-settings', 'appium-unlock', 'stf-service', 'android-app-bootstrap'];
const SDKS = ['jpush', 'umeng-analytics', 'alipay', 'getui-gtsdk', 'amap-location', 'appium-android-bootstrap'];
/** With no policy, the one accusation a static scan can stand behind. */
const APP_ALLOWED = new Set(['no-privacy-policy']);

describe('scan() on the real corpus', () => {
  for (const id of [...APPS, ...SDKS]) {
    it(id, { timeout: 180_000 }, async () => {
      const path = corpusFile(id);
      const report = await scan({ bytes: readFileSync(path), path });
      assertValidReport(JSON.parse(JSON.stringify(report)));
      expect(report.input.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(report.policy.found).toBe(false);
      expect(report.dataTypes.every((d) => d.declared === null)).toBe(true);
      const serious = report.findings.filter((f) => f.severity === 'high' || f.severity === 'medium');
      if (APPS.includes(id)) {
        expect(report.input.kind).toBe('apk');
        expect(serious.filter((f) => !APP_ALLOWED.has(f.ruleId)).map((f) => `${f.ruleId}: ${f.message.en}`)).toEqual([]);
      } else {
        expect(report.app.category).toBeNull();
        expect(serious.map((f) => `${f.ruleId}: ${f.message.en}`)).toEqual([]);
        // What the SDK collects, for the apps that embed it.
        if (report.dataTypes.some((d) => d.id !== 'device.info')) expect(report.findings.some((f) => f.ruleId === 'sdk-collects' && f.severity === 'info')).toBe(true);
      }
      for (const f of report.findings) {
        // Dead code never carries a finding.
        for (const e of f.evidence) if (e.kind === 'code' && e.callee !== undefined) expect(report.apiCalls.some((c) => c.caller === e.caller && c.reachable === false && !report.apiCalls.some((d) => d.caller === e.caller && d.reachable !== false))).toBe(false);
      }
    });
  }
});
