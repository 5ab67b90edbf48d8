import type { FastifyRequest } from 'fastify';
import { LifecircleError } from '@lifecircle/shared';

/**
 * The path (`edits.0.name`, as validation errors name fields) of the first
 * string in `value` (keys included) that holds a NUL character (U+0000), or
 * null. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findNulCharacter(value: unknown, path = ''): string | null {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return at;
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item) && !ArrayBuffer.isView(item)) {
      for (const [key, child] of Object.entries(item)) {
        const childPath = at === '' ? key : `${at}.${key}`;
        if (key.includes('\u0000')) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/**
 * A preHandler hook that refuses a NUL character (U+0000) in any string of
 * the path parameters, the query or a JSON body with VALIDATION naming the
 * field, for every store alike: PostgreSQL's text and JSON cannot hold it
 * (SQLSTATE 22021 / 22P05), and no field of the API means it.
 */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const part of [request.params, request.query, request.body]) {
    const field = findNulCharacter(part);
    if (field !== null) {
      throw new LifecircleError('VALIDATION', {
        field: field === '' ? 'body' : field,
        reason: 'contains the NUL character (U+0000)',
      });
    }
  }
}
