// The web console's built files (console/dist, made by `npm ci` or `npm run console:build`) served at `/`:
// a file when one exists, else index.html for the console's own paths (it routes in the browser), never for
// /api (an unknown API route stays a problem+json 404). Written here rather than with @fastify/static: a
// folder of hashed files needs a dozen lines, and the fallback and the /api rule are ours anyway.
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyPluginCallback, FastifyReply } from 'fastify';
import { ROUTE_PREFIX, sendProblem } from './http.ts';

export interface ConsoleFiles {
  /** The folder with index.html and assets/. */
  dir: string;
}

export const CONSOLE_DIST = resolve(import.meta.dirname, '..', '..', '..', 'console', 'dist');

export const consoleBuilt = (dir: string): boolean => existsSync(join(dir, 'index.html'));

export const CONSOLE_MISSING = 'the web console is not built (console/dist/index.html is missing): run `npm run console:build`, or `npm ci`, which builds it';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Everything from this origin: no outside font, script or beacon (antd writes its styles at run time).
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
}

export function consoleRoutes(files: ConsoleFiles): FastifyPluginCallback {
  const root = resolve(files.dir);
  const index = join(root, 'index.html');

  const sendIndex = async (reply: FastifyReply) => {
    if (!consoleBuilt(root)) {
      const page = `<!doctype html><meta charset="utf-8"><title>piscope</title><h1>控制台尚未构建 · The console is not built</h1><p>${CONSOLE_MISSING.replaceAll('`', '')}.</p><p>API: <a href="${ROUTE_PREFIX}/openapi.json">${ROUTE_PREFIX}</a></p>`;
      return secure(reply).code(503).type('text/html; charset=utf-8').send(page);
    }
    return secure(reply).header('cache-control', 'no-cache').type(TYPES['.html']!).send(await readFile(index));
  };

  return (app, _opts, done) => {
    app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const path = req.url.split('?')[0]!;
      if (path === ROUTE_PREFIX || path.startsWith(`${ROUTE_PREFIX}/`) || path.startsWith('/api/')) return sendProblem(reply, { status: 404, title: 'Not Found', detail: `no route ${req.method} ${path}` });
      let rel: string;
      try {
        rel = decodeURIComponent(path);
      } catch {
        return sendProblem(reply, { status: 400, title: 'Bad Request', detail: 'the path is not valid percent-encoding' });
      }
      const file = resolve(root, `.${rel}`);
      if (rel.includes('\0') || (file !== root && !file.startsWith(root + sep))) return sendProblem(reply, { status: 404, title: 'Not Found', detail: `no file ${path}` });
      const st = await stat(file).catch(() => null);
      if (st?.isFile() === true) {
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        // Vite names assets by their content hash: they never change; index.html is checked each time.
        const cache = rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return secure(reply).header('cache-control', cache).type(type).send(await readFile(file));
      }
      // A missing asset is a 404, not the page: the browser would run HTML as a script.
      if (extname(rel) !== '') return sendProblem(reply, { status: 404, title: 'Not Found', detail: `no file ${path}` });
      return sendIndex(reply);
    });
    done();
  };
}
