import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * The backend's data path reads in one direction:
 *
 *   config → environments (registry: transport + adapter per environment)
 *          → transport → api (adapters) → service (reads) / operations (writes)
 *          → router, served from schema/ (openapi.yaml and its generated router)
 *
 * Each folder below may import only the folders listed for it; plugin.ts
 * wires them all together. And only the adapters (api/) know Airflow's v1 and
 * v2 field names.
 */
const MAY_IMPORT: Record<string, string[]> = {
  // What is a secret: used by every folder that shows or stores anything.
  redaction: [],
  config: [],
  transport: ['config', 'redaction'],
  api: ['config', 'transport'],
  environments: ['config', 'transport', 'api'],
  permissions: ['config'],
  // The spec and the router generated from it stand on their own.
  schema: [],
  audit: ['config', 'transport', 'redaction'],
  service: ['config', 'environments', 'transport', 'api', 'redaction'],
  operations: [
    'redaction',
    'config',
    'environments',
    'transport',
    'api',
    'service',
    'audit',
    'permissions',
  ],
  router: [
    'config',
    'environments',
    'transport',
    'api',
    'service',
    'operations',
    'audit',
    'permissions',
    'schema',
  ],
  // Reads runs and approvals like the service, sends through the notifications backend.
  notifications: ['config', 'environments', 'transport', 'api', 'service'],
  // A second edge beside the router: registry calls read through the service and
  // act through the operations, with the router's input limits and error mapping.
  actions: [
    'redaction',
    'transport',
    'service',
    'operations',
    'permissions',
    'router',
  ],
};

/** Airflow REST field and parameter names (v1 and v2) that only api/ may use. */
const AIRFLOW_FIELD_NAMES = [
  'dag_run_id',
  'dag_id_pattern',
  'dag_ids',
  'is_paused',
  'is_active',
  'is_stale',
  'logical_date',
  'execution_date',
  'run_after',
  'schedule_interval',
  'timetable_summary',
  'update_mask',
  'total_entries',
  'page_limit',
  'page_offset',
  'order_by',
  'continuation_token',
  'try_number',
];

const SRC = __dirname;

/** Production sources: no tests, no test utilities. */
function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [path]
      : [];
  });
}

/** The folder of src/ a file is in (`plugin.ts` for a file at the top). */
function folderOf(path: string): string {
  return relative(SRC, path).split(/[\\/]/)[0];
}

function relativeImports(source: string): string[] {
  const specifiers = source.matchAll(
    /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g,
  );
  return Array.from(specifiers, match => match[1]);
}

describe('the data path', () => {
  const files = sourceFiles();

  it('finds every folder of src in the map', () => {
    const folders = new Set(
      files.map(folderOf).filter(folder => !folder.endsWith('.ts')),
    );
    expect(Array.from(folders).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('runs in one direction: no folder imports one further along', () => {
    const wrong = files.flatMap(file => {
      const from = folderOf(file);
      const allowed = MAY_IMPORT[from];
      if (!allowed) {
        return []; // plugin.ts, index.ts: the wiring
      }
      return relativeImports(readFileSync(file, 'utf8'))
        .map(specifier => folderOf(resolve(dirname(file), specifier)))
        .filter(to => to !== from && !allowed.includes(to))
        .map(to => `${relative(SRC, file)} imports ${to}/`);
    });
    expect(wrong).toEqual([]);
  });

  it("keeps Airflow's v1/v2 field names inside the adapters", () => {
    const pattern = new RegExp(`\\b(${AIRFLOW_FIELD_NAMES.join('|')})\\b`);
    const wrong = files
      .filter(file => folderOf(file) !== 'api')
      .flatMap(file => {
        const found = pattern.exec(readFileSync(file, 'utf8'));
        return found ? [`${relative(SRC, file)} mentions ${found[1]}`] : [];
      });
    expect(wrong).toEqual([]);
  });
});
