import type { FastifyInstance } from 'fastify';
import { AppError } from '../app/errors';

/** The path of the first `__proto__` key, or `constructor.prototype`, anywhere in a parsed body. */
export function prototypeKeyPath(value: unknown, path: string[] = []): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (key === '__proto__') return [...path, key].join('.');
    if (key === 'constructor' && child && typeof child === 'object' && Object.hasOwn(child, 'prototype'))
      return [...path, key, 'prototype'].join('.');
    const found = prototypeKeyPath(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * JSON bodies: parsed with JSON.parse (which makes `__proto__` an ordinary key, never a prototype), then
 * refused with 400 naming the key if they carry `__proto__` or `constructor.prototype` anywhere, so no
 * handler ever merges such an object into another.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new AppError(400, 'invalid_input', 'The request body is empty; send a JSON object.'), undefined);
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
