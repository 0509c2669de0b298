import type { InvalidCase, RuleCase } from '../rule-tester.ts';
import { call, permission } from '../rule-fixtures.ts';

const location = call('location.precise', 'android.location.LocationManager.getLastKnownLocation');
const contacts = call('contacts', 'android.content.ContentResolver.query');

export const valid: RuleCase[] = [
  { name: 'navigation needs location', facts: { apiCalls: [location] }, appType: { code: 'map_navigation', source: 'given' } },
  { name: 'no type known', facts: { apiCalls: [contacts] } },
  { name: 'camera is a tool, not collection', facts: { apiCalls: [call('camera', 'android.hardware.Camera.open')] }, appType: { code: 'news', source: 'given' } },
  { name: 'weak inference: silent', facts: { apiCalls: [contacts] }, appType: { code: 'news', source: 'inferred', confidence: 0.4 } },
  { name: 'dead code', facts: { apiCalls: [{ ...contacts, reachable: false }] }, appType: { code: 'news', source: 'given' } },
];

export const invalid: InvalidCase[] = [
  { name: 'news app reads contacts (given type)', facts: { apiCalls: [contacts] }, appType: { code: 'news', source: 'given' }, findings: [{ severity: 'medium', confidence: 'possible', dataTypes: ['contacts'], clauses: ['RD-4.1', 'NS-5', 'NS-5-NONE', 'GB41391-6.1'] }] },
  { name: 'inferred type: low', facts: { apiCalls: [location] }, appType: { code: 'online_shopping', source: 'inferred', confidence: 0.7 }, findings: [{ severity: 'low', confidence: 'possible', clauses: ['RD-4.1', 'NS-5', 'GB41391-6.1'] }] },
  { name: 'permission only: low', facts: { permissions: [permission('android.permission.READ_SMS', ['sms'])] }, appType: { code: 'browser', source: 'given' }, findings: [{ severity: 'low', dataTypes: ['sms'] }] },

  {
    name: 'code and a permission: the permission-only type is not "collected"',
    facts: { apiCalls: [contacts], permissions: [permission('android.permission.READ_SMS', ['sms'])] },
    appType: { code: 'news', source: 'given' },
    findings: [{ severity: 'medium', dataTypes: ['contacts', 'sms'], message: 'collects: contacts; and requests permissions for: SMS' }],
  },
  { name: 'one permission, several types: one finding', facts: { permissions: [permission('android.permission.READ_PHONE_STATE', ['device.imei', 'device.imsi', 'device.info'])] }, appType: { code: 'news', source: 'given' }, findings: [{ severity: 'low', dataTypes: ['device.imei', 'device.imsi'] }] },
];
