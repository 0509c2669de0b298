// Fetching refuses anything that could reach an internal network. A local server is refused *because* it is
// loopback; with the test-only allow-list it is fetched, and its redirect to a private address is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason, fetchPolicy } from './fetch.ts';

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
    await expect(fetchPolicy(`${base}/policy.html`)).rejects.toMatchObject({ code: 'POLICY_FETCH_REFUSED', message: expect.stringMatching(/127\.0\.0\.1 \(loopback\)/) });
  });

  it('refuses a name that resolves to loopback', async () => {
    await expect(fetchPolicy(`${base.replace('127.0.0.1', 'localhost')}/policy.html`)).rejects.toMatchObject({ code: 'POLICY_FETCH_REFUSED', message: expect.stringMatching(/loopback/) });
  });

  it('refuses schemes other than http(s), and credentials', async () => {
    await expect(fetchPolicy('file:///etc/passwd')).rejects.toMatchObject({ code: 'POLICY_FETCH_REFUSED', message: expect.stringMatching(/only http and https/) });
    await expect(fetchPolicy('ftp://example.com/p.txt')).rejects.toMatchObject({ code: 'POLICY_FETCH_REFUSED' });
    await expect(fetchPolicy('http://user:pw@8.8.8.8/')).rejects.toMatchObject({ message: expect.stringMatching(/credentials/) });
    await expect(fetchPolicy('not a url')).rejects.toMatchObject({ code: 'POLICY_FETCH_REFUSED' });
  });

  it('refuses private and link-local literals', async () => {
    await expect(fetchPolicy('http://10.0.0.1/')).rejects.toMatchObject({ message: expect.stringMatching(/private/) });
    await expect(fetchPolicy('http://[::1]:8080/')).rejects.toMatchObject({ message: expect.stringMatching(/loopback/) });
    await expect(fetchPolicy('http://169.254.169.254/latest/meta-data/')).rejects.toMatchObject({ message: expect.stringMatching(/link-local/) });
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
    await expect(fetchPolicy(`${base}/to-metadata`, allow)).rejects.toMatchObject({ message: expect.stringMatching(/169\.254\.169\.254 \(link-local\)/) });
    await expect(fetchPolicy(`${base}/to-private`, allow)).rejects.toMatchObject({ message: expect.stringMatching(/10\.1\.2\.3 \(private\)/) });
  });

  it('enforces the size limit and the timeout', async () => {
    await expect(fetchPolicy(`${base}/big`, { ...allow, maxBytes: 10_000 })).rejects.toMatchObject({ message: expect.stringMatching(/limit/) });
    await expect(fetchPolicy(`${base}/slow`, { ...allow, timeoutMs: 200 })).rejects.toMatchObject({ message: expect.stringMatching(/no answer within 200 ms/) });
  });

  it('reports HTTP errors', async () => {
    await expect(fetchPolicy(`${base}/missing`, allow)).rejects.toMatchObject({ message: expect.stringMatching(/404/) });
  });
});
