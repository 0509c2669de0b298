// The catalogue's `access` marks (when a call alone does not read its data type) and the permission that
// only sends: the analysis relies on these shapes (analysis/access.ts, probes.ts).
import { describe, expect, it } from 'vitest';
import { permissionByName, sensitiveApis } from './index.ts';

describe('access marks', () => {
  const marked = sensitiveApis().filter((a) => a.access !== undefined);

  it('only method entries with a data type carry one', () => {
    expect(marked.length).toBeGreaterThanOrEqual(20);
    for (const a of marked) {
      expect(a.kind, a.id).toBe('method');
      expect(a.dataType, a.id).not.toBeNull();
    }
  });

  it('probes are app-list queries by name or intent', () => {
    for (const a of marked.filter((x) => x.access === 'probe')) {
      expect(a.dataType, a.id).toBe('app-list');
      expect(a.signature, a.id).toMatch(/^Landroid\/content\/pm\/PackageManager;->(getPackageInfo|getApplicationInfo|getPackagesForUid|queryIntentActivities|queryIntentServices)\(/u);
    }
  });

  it('a WifiInfo getter is catalogued for each data type getConnectionInfo may carry', () => {
    const wifiInfo = new Set(sensitiveApis().filter((a) => a.signature?.startsWith('Landroid/net/wifi/WifiInfo;->') === true).map((a) => a.dataType));
    expect([...wifiInfo].sort()).toEqual(['device.info', 'device.mac', 'location.wifi']);
  });

  it('sending SMS is no SMS collection: the SmsManager send methods are marked, SEND_SMS backs no data type', () => {
    const send = sensitiveApis().filter((a) => a.signature?.startsWith('Landroid/telephony/SmsManager;->send') === true);
    expect(send.length).toBe(3);
    for (const a of send) expect(a.access, a.id).toBe('send');
    expect(permissionByName('android.permission.SEND_SMS')).toMatchObject({ dangerous: true, dataTypes: [] });
    expect(permissionByName('android.permission.READ_SMS')?.dataTypes).toEqual(['sms']);
  });
});
