// Fetching refuses anything that could reach an internal network. A local server is refused *because* it is
// loopback; with the test-only allow-list it is fetched, and its redirect to a private address is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiscopeError } from '../errors.ts';
import { blockedReason, fetchPolicy } from './fetch.ts';

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

function refused(e: unknown, re: RegExp): void {
  expect(e).toBeInstanceOf(PiscopeError);
  expect((e as PiscopeError).code).toBe('POLICY_FETCH_REFUSED');
  expect((e as PiscopeError).message).toMatch(re);
}

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/policy.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<h1>隐私政策</h1><p>我们会收集您的位置信息。</p>');
    } else if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    } else if (req.url === '/to-private') {
      res.writeHead(301, { location: 'http://10.1.2.3/policy' });
      res.end();
    } else if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('隐'.repeat(100_000));
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2000);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('blockedReason', () => {
  it('classifies special addresses', () => {
    expect(blockedReason('127.0.0.1')).toBe('loopback');
    expect(blockedReason('10.0.0.8')).toBe('private');
    expect(blockedReason('172.20.1.1')).toBe('private');
    expect(blockedReason('192.168.1.1')).toBe('private');
    expect(blockedReason('169.254.169.254')).toBe('link-local');
    expect(blockedReason('100.64.0.1')).toBe('carrier-grade NAT');
    expect(blockedReason('::1')).toBe('loopback');
    expect(blockedReason('fe80::1')).toBe('link-local');
    expect(blockedReason('fd00::1')).toMatch(/private/);
    expect(blockedReason('::ffff:127.0.0.1')).toBe('loopback');
    expect(blockedReason('8.8.8.8')).toBeNull();
    expect(blockedReason('2001:4860:4860::8888')).toBeNull();
  });
});

describe('fetchPolicy refusals', () => {
  it('refuses a local server because it is loopback', async () => {
    refused(await failure(fetchPolicy(`${base}/policy.html`)), /127\.0\.0\.1 \(loopback\)/);
  });

  it('refuses a name that resolves to loopback', async () => {
    refused(await failure(fetchPolicy(`${base.replace('127.0.0.1', 'localhost')}/policy.html`)), /loopback/);
  });

  it('refuses schemes other than http(s), and credentials', async () => {
    refused(await failure(fetchPolicy('file:///etc/passwd')), /only http and https/);
    refused(await failure(fetchPolicy('ftp://example.com/p.txt')), /./);
    refused(await failure(fetchPolicy('http://user:pw@8.8.8.8/')), /credentials/);
    refused(await failure(fetchPolicy('not a url')), /./);
  });

  it('refuses private and link-local literals', async () => {
    refused(await failure(fetchPolicy('http://10.0.0.1/')), /private/);
    refused(await failure(fetchPolicy('http://[::1]:8080/')), /loopback/);
    refused(await failure(fetchPolicy('http://169.254.169.254/latest/meta-data/')), /link-local/);
  });
});

describe('fetchPolicy with the test allow-list', () => {
  const allow = { allowAddresses: ['127.0.0.1'] };

  it('fetches from the allowed address', async () => {
    const r = await fetchPolicy(`${base}/policy.html`, allow);
    expect(new TextDecoder().decode(r.bytes)).toContain('隐私政策');
    expect(r.contentType).toContain('text/html');
  });

  it('refuses redirects to link-local and private addresses', async () => {
    refused(await failure(fetchPolicy(`${base}/to-metadata`, allow)), /169\.254\.169\.254 \(link-local\)/);
    refused(await failure(fetchPolicy(`${base}/to-private`, allow)), /10\.1\.2\.3 \(private\)/);
  });

  it('enforces the size limit and the timeout', async () => {
    refused(await failure(fetchPolicy(`${base}/big`, { ...allow, maxBytes: 10_000 })), /limit/);
    refused(await failure(fetchPolicy(`${base}/slow`, { ...allow, timeoutMs: 200 })), /no answer within 200 ms/);
  });

  it('reports HTTP errors', async () => {
    refused(await failure(fetchPolicy(`${base}/missing`, allow)), /404/);
  });
});
