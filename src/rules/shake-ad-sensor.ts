// 26号文 (M23-5), SHAKE-1: "shake to open" ads: an ad SDK together with motion-sensor listeners.
import { defineRule } from './define-rule.ts';
import { behaviorEvidence } from './lib/evidence.ts';
import { isAdSdk } from './lib/sdk.ts';

export default defineRule({
  meta: {
    id: 'shake-ad-sensor',
    title: { zh: '疑似“摇一摇”广告跳转', en: 'Possible shake-to-open ads' },
    clauses: ['M23-5', 'SHAKE-1'],
    methods: ['static'],
    severity: 'medium',
    docs: {
      description: { zh: '应用嵌入广告SDK，且存在加速度/陀螺仪传感器监听，可能以摇一摇方式触发广告跳转。', en: 'An ad SDK is embedded and accelerometer or gyroscope listeners are registered: ads may open on a shake.' },
      rationale: 'Sensitivity and prompts are dynamic, so always `possible`. Medium when the listener belongs to the ad SDK itself, low otherwise.',
    },
  },
  check(ctx) {
    const ads = ctx.facts.sdks.filter((s) => isAdSdk(s));
    if (ads.length === 0) return;
    const listeners = ctx.facts.behaviors.filter((b) => b.kind === 'sensor-listener' && b.reachable !== false);
    if (listeners.length === 0) return;
    const adIds = new Set(ads.map((a) => a.id));
    const inAd = listeners.filter((b) => b.callerOwner.sdk !== undefined && adIds.has(b.callerOwner.sdk));
    const shown = inAd.length > 0 ? inAd : listeners;
    const sdk = inAd[0]?.callerOwner.sdk;
    ctx.report({
      severity: inAd.length > 0 ? 'medium' : 'low',
      confidence: 'possible',
      ...(sdk !== undefined ? { sdk } : {}),
      message: {
        zh: `广告SDK（${ads.map((a) => a.nameZh || a.name).join('、')}）与运动传感器监听同时存在${inAd.length > 0 ? '，监听位于广告SDK内' : ''}，可能存在摇一摇广告。`,
        en: `Ad SDKs (${ads.map((a) => a.name).join(', ')}) and motion-sensor listeners are both present${inAd.length > 0 ? ', the listener inside the ad SDK' : ''}: ads may open on a shake.`,
      },
      evidence: shown.slice(0, 3).map((b) => behaviorEvidence(b)),
      runtimeCheck: { zh: '在开屏/广告页轻摇设备，检查是否跳转；触发阈值应不低于15m/s²、35°、3秒，并有“摇动”提示与关闭开关。', en: 'Shake gently on splash and ad screens; triggers need at least 15 m/s², 35° and 3 s, a visible shake prompt, and an off switch.' },
    });
  },
});
