import type { FastifyInstance } from 'fastify';
import { AppError } from '../app/errors';
import { tooDeep } from './json-depth';

/** Deeper than any body of the contract nests (a plan line's field is four levels down). */
export const MAX_JSON_DEPTH = 32;

/**
 * The path of the first `__proto__` key, or `constructor.prototype`, anywhere in a parsed body: an
 * iterative walk (the body's depth is already bounded), so no body can make it recurse.
 */
export function prototypeKeyPath(value: unknown): string | undefined {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: node, path } = pending.pop()!;
    if (!node || typeof node !== 'object') continue;
    const keys = Object.keys(node);
    // Reversed onto the stack, so the first key is looked at first.
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child = (node as Record<string, unknown>)[key];
      if (key === '__proto__') return [...path, key].join('.');
      if (key === 'constructor' && child && typeof child === 'object' && Object.hasOwn(child, 'prototype'))
        return [...path, key, 'prototype'].join('.');
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * JSON bodies: refused with 400 naming where they nest deeper than `MAX_JSON_DEPTH` (checked on the raw
 * text before parsing, so a hostile body costs no more than a flat one); parsed with JSON.parse (which
 * makes `__proto__` an ordinary key, never a prototype); then refused with 400 naming the key if they
 * carry `__proto__` or `constructor.prototype` anywhere, so no handler ever merges such an object into
 * another. The rate limit has counted the request already (http/security.ts).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new AppError(400, 'invalid_input', 'The request body is empty; send a JSON object.'), undefined);
    const deep = tooDeep(text, MAX_JSON_DEPTH);
    if (deep)
      return done(
        new AppError(400, 'invalid_input', 'The request body is nested too deeply: see issues.', [
          { path: deep.path || '(body)', message: `nests values more than ${MAX_JSON_DEPTH} levels deep` },
        ]),
        undefined,
      );
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new AppError(400, 'invalid_json', 'The request body is not valid JSON.'), undefined);
    }
    const polluted = prototypeKeyPath(value);
    if (polluted)
      return done(
        new AppError(400, 'invalid_input', 'The request body is not allowed: see issues.', [
          { path: polluted, message: 'prototype keys are not allowed' },
        ]),
        undefined,
      );
    done(null, value);
  });
}
