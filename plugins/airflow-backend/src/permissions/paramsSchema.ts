/**
 * A rule's parameters `{ [key]: string[] }` as a Standard Schema with JSON
 * Schema conversion, which is what `createPermissionRule` wants. Written by
 * hand: the Zod in this repository predates Standard JSON Schema, and Zod 3
 * schemas are deprecated there.
 */
export function stringListParams<K extends string>(
  key: K,
  description: string,
) {
  type Params = { [P in K]: string[] };
  const jsonSchema = () => ({
    type: 'object',
    properties: {
      [key]: { type: 'array', items: { type: 'string' }, description },
    },
    required: [key],
    additionalProperties: false,
  });
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'airflow-portal',
      validate(value: unknown) {
        const list =
          value && typeof value === 'object'
            ? (value as Record<string, unknown>)[key]
            : undefined;
        if (
          Array.isArray(list) &&
          list.every(item => typeof item === 'string')
        ) {
          return { value: { [key]: list } as Params };
        }
        return {
          issues: [
            { message: `${key} must be a list of strings`, path: [key] },
          ],
        };
      },
      jsonSchema: { input: jsonSchema, output: jsonSchema },
      types: undefined as unknown as { input: Params; output: Params },
    },
  };
}
