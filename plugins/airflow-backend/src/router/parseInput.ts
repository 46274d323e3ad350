import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/** Parses request params/query; an invalid request is a 400 naming every problem. */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues
    .map(issue => `${issue.path.join('.') || what}: ${issue.message}`)
    .join('; ');
  throw new InputError(`Invalid ${what}: ${problems}`);
}
