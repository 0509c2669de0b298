/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- JSON replies of the API are untyped here; the assertions check their shape. */
// A small HTTP client of the platform's API for tests (real HTTP, no injection).
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

export interface Reply<T = unknown> {
  status: number;
  type: string;
  body: T;
  text: string;
}

export class Client {
  readonly base: string;
  readonly token: string | null;
  constructor(base: string, token: string | null) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
  }

  as(token: string): Client {
    return new Client(this.base, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers, body: payload });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, text, body: (type.includes('json') && text !== '' ? JSON.parse(text) : text) as T };
  }

  get<T = any>(path: string): Promise<Reply<T>> {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.request<T>('POST', path, body);
  }

  async upload<T = any>(file: string, query = '', name = basename(file)): Promise<Reply<T>> {
    const form = new FormData();
    form.append('file', await openAsBlob(file), name);
    return this.request<T>('POST', `/api/v1/packages${query}`, form);
  }

  /** Polls a scan until it is done, failed or cancelled. */
  async waitScan(id: number, timeoutMs = 240_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get(`/api/v1/scans/${id}`);
      if (r.status !== 200) throw new Error(`scan ${id}: ${r.status} ${r.text}`);
      if (['done', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
      if (Date.now() > until) throw new Error(`scan ${id} still ${r.body.status}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}
