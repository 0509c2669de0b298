// SEC-1 (个人信息保护法 第五十一条): personal information must be protected in transit; an app that collects
// it and talks plain HTTP to its own servers may send it in clear text.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { NOTABLE_DATA_TYPES } from './lib/data-types.ts';

const LOCAL = /^http:\/\/(localhost|127\.|10\.|192\.168\.|\[?::1|schemas\.android\.com|www\.w3\.org|ns\.adobe\.com|xml\.org|apache\.org)/i;

export default defineRule({
  meta: {
    id: 'cleartext-personal-data',
    title: { zh: '可能以明文传输个人信息', en: 'Personal information may travel in clear text' },
    clauses: ['SEC-1'],
    methods: ['static'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '应用自身代码包含 http:// 接口地址，同时收集个人信息。', en: 'The app\'s own code holds plain http:// endpoints while it collects personal information.' },
      rationale: 'What is sent where is a network question: low and `possible`, with the URLs to capture at runtime.',
    },
  },
  check(ctx) {
    const collects = [...collectedDataTypes(ctx.facts).values()].some((c) => c.reachable && NOTABLE_DATA_TYPES.has(c.dataType));
    if (!collects) return;
    // Endpoints only: a bare home page (http://www.android.com/) is a link for people, not an API.
    const seen = new Set<string>();
    const http = ctx.facts.urls.filter((u) => {
      if (u.owner.kind !== 'app' || !/^http:\/\/[^/]+\/[^?#]*[^/?#]/.test(u.url) || LOCAL.test(u.url) || seen.has(u.url)) return false;
      seen.add(u.url);
      return true;
    });
    if (http.length === 0) return;
    ctx.report({
      severity: 'low',
      confidence: 'possible',
      message: { zh: `应用代码中有 ${http.length} 个明文 http 地址，且应用收集个人信息。`, en: `The app's code holds ${http.length} plain-http URLs while it collects personal information.` },
      evidence: http.slice(0, 5).map((u) => ({ kind: 'network' as const, url: u.url, matched: `string constant in ${u.caller}` })),
      runtimeCheck: { zh: '抓包确认这些地址是否传输个人信息。', en: 'Capture traffic to see whether these URLs carry personal information.' },
    });
  },
});
