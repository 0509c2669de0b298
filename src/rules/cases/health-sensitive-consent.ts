import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, makePolicy, miniConfig, miniFacts, wxCall } from '../rule-fixtures.ts';

const health = call('health', 'android.hardware.SensorManager.getDefaultSensor');

export const valid: RuleCase[] = [
  { name: 'a health mini-program that reads no sensitive data', kind: 'wxapkg', sector: 'health', policy: makePolicy(), mini: miniFacts(miniConfig(), [wxCall('getLocation')]) },

  { name: 'separate consent stated', sector: 'health', facts: { apiCalls: [health] }, policy: makePolicy({ text: `${makePolicy().text}处理您的健康信息前，我们将另行征得您的单独同意。` }) },
  { name: 'no sensitive data', sector: 'health', policy: makePolicy() },
];

export const invalid: InvalidCase[] = [
  { name: 'a health mini-program reads WeRun steps; no separate consent in its guide', kind: 'wxapkg', sector: 'health', policy: makePolicy(), mini: miniFacts(miniConfig(), [wxCall('getWeRunData')]), findings: [{ severity: 'medium', dataTypes: ['health'] }] },

  { name: 'separate consent only for sharing', sector: 'health', facts: { apiCalls: [health] }, policy: makePolicy({ text: `${makePolicy().text}向第三方共享前，我们将事先获得您的单独同意。` }), findings: [{ dataTypes: ['health'] }] },
  { name: 'health data, no separate consent', sector: 'health', facts: { apiCalls: [health] }, policy: makePolicy(), findings: [{ severity: 'medium', confidence: 'likely', dataTypes: ['health'] }] },
  { name: 'medical records in policy', sector: 'health', policy: makePolicy({ text: `${makePolicy().text}问诊时我们收集您的病情描述和检查报告。` }), findings: [{ dataTypes: [] }] },
];
