import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface FrontEnd {
  /** URL prefix with trailing slash: "/" or "/portal/". */
  prefix: string;
  dir: string;
}

/**
 * Serves built single-page apps. Hashed assets are cached for a year; index.html never is.
 * Returns a fallback that answers unknown GET paths under a prefix with that app's index.html.
 */
export async function serveFrontEnds(
  app: FastifyInstance,
  frontEnds: readonly FrontEnd[],
): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const available = frontEnds.filter((f) => fs.existsSync(path.join(f.dir, 'index.html')));
  let first = true;
  for (const f of available) {
    await app.register(fastifyStatic, {
      root: f.dir,
      prefix: f.prefix,
      decorateReply: first,
      wildcard: true,
      index: ['index.html'],
      // Our own cache headers below (the plugin's would override them with max-age=0).
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader(
          'cache-control',
          filePath.endsWith('index.html') || filePath.endsWith('sw.js')
            ? 'no-cache'
            : 'public, max-age=31536000, immutable',
        );
      },
    });
    first = false;
  }
  // Longest prefix first so /portal/… is not taken by the console at /.
  const byPrefix = [...available].sort((a, b) => b.prefix.length - a.prefix.length);
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url === '/healthz' || url === '/readyz') return false;
    const bare = byPrefix.find((f) => `${url}/` === f.prefix);
    if (bare) {
      void reply.redirect(bare.prefix, 301);
      return true;
    }
    const target = byPrefix.find((f) => url.startsWith(f.prefix));
    if (!target) return false;
    const html = fs.readFileSync(path.join(target.dir, 'index.html'));
    void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
    return true;
  };
}
