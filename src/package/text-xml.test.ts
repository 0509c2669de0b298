import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PiscopeError } from '../errors.ts';
import { corpusFile } from '../../test/helpers/paths.ts';
import { readZip } from '../formats/zip/index.ts';
import { parseTextXml } from './text-xml.ts';
import type { XmlElement } from './types.ts';

const count = (e: XmlElement): number => 1 + e.children.reduce((n, c) => n + count(c), 0);

describe('parseTextXml', () => {
  it.each(['alipay', 'aliyun-third-push'])('reads the %s AAR manifest as Python\'s ElementTree does', (id) => {
    const text = new TextDecoder().decode(readZip(readFileSync(corpusFile(id))).read('AndroidManifest.xml'));
    const root = parseTextXml(text, 'AndroidManifest.xml');
    const py = execFileSync('python3', ['-c', `
import sys, xml.etree.ElementTree as ET
r = ET.fromstring(sys.stdin.buffer.read())
A = '{http://schemas.android.com/apk/res/android}'
els = list(r.iter())
print(len(els)); print(r.get('package')); print(sum(1 for e in els if e.tag == 'uses-permission'))
print('|'.join(e.get(A + 'name') or '' for e in els))`], { input: text, encoding: 'utf8' }).split('\n');
    const flat: XmlElement[] = [];
    const walk = (e: XmlElement): void => {
      flat.push(e);
      e.children.forEach(walk);
    };
    walk(root);
    expect(count(root)).toBe(Number(py[0]));
    expect(root.attrs.package).toBe(py[1]);
    expect(flat.filter((e) => e.tag === 'uses-permission').length).toBe(Number(py[2]));
    expect(flat.map((e) => e.attrs['android:name'] ?? '').join('|')).toBe(py[3]);
  });

  it('renames any prefix bound to the Android namespace, decodes entities, skips comments and CDATA, keeps lines', () => {
    const root = parseTextXml(`<?xml version="1.0"?>
<!DOCTYPE x>
<manifest xmlns:a="http://schemas.android.com/apk/res/android" package="p&amp;q">
  <!-- <uses-permission a:name="commented.out"/> -->
  <![CDATA[ <uses-permission a:name="cdata"/> ]]>
  <uses-permission a:name='x.&#x41;&#66;' />
  <application><activity a:name=".Main"></activity></application>
</manifest>`, 'm.xml');
    expect(root.attrs.package).toBe('p&q');
    expect(root.children.map((c) => c.tag)).toEqual(['uses-permission', 'application']);
    expect(root.children[0]!.attrs['android:name']).toBe('x.AB');
    expect(root.children[0]!.line).toBe(6);
    expect(root.children[1]!.children[0]!.attrs['android:name']).toBe('.Main');
  });

  it('closes what is left open and refuses what is not XML', () => {
    expect(count(parseTextXml('<a><b><c>', 'x'))).toBe(3);
    expect(() => parseTextXml('no markup at all', 'x')).toThrow(PiscopeError);
    expect(() => parseTextXml('<a b="unterminated', 'x')).toThrow(PiscopeError);
  });
});
