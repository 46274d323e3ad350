import type {
  AirflowDag,
  AirflowImportError,
} from '@airflow-portal/plugin-airflow-common';

/**
 * The path's segments, without empty and `.` segments, `\` read as `/`:
 * `/opt/airflow/dags/./team/etl.py` → `opt, airflow, dags, team, etl.py`.
 */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter(segment => segment !== '' && segment !== '.');
}

/**
 * Whether an import error's `filename` and a DAG's `fileloc` name the same
 * file. Airflow 2 gives both absolute (`/opt/airflow/dags/team/etl.py`);
 * Airflow 3 gives import errors relative to their bundle (`team/etl.py`)
 * and DAGs absolute or relative. So the shorter path, compared segment by
 * segment after normalising (see `pathSegments`), must be the whole tail of
 * the longer one: `team/etl.py` matches `/opt/airflow/dags/team/etl.py`, but
 * `etl.py` does not match `x_etl.py`.
 */
export function sameDagFile(filename: string, fileloc: string): boolean {
  const a = pathSegments(filename);
  const b = pathSegments(fileloc);
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 0) {
    return false;
  }
  const offset = longer.length - shorter.length;
  return shorter.every((segment, i) => segment === longer[offset + i]);
}

/**
 * The import errors whose file holds DAGs the caller may read, in order. A
 * file's error is shown when at least one DAG's `fileloc` matches it and the
 * caller may read every DAG that matches: a bundle-relative name can match
 * files of several folders, and an error must not be shown for another
 * team's file of the same name. Files Airflow knows no DAG of (a new file
 * that never parsed) are shown to no one but the environment's operators.
 * `mayRead` is asked once, for all matching DAGs.
 */
export async function readableImportErrors(
  errors: AirflowImportError[],
  dags: AirflowDag[],
  mayRead: (dags: AirflowDag[]) => Promise<boolean[]>,
): Promise<AirflowImportError[]> {
  const located = dags.filter(dag => dag.fileloc);
  const matchesOf = errors.map(error =>
    located.filter(dag => sameDagFile(error.filename, dag.fileloc!)),
  );
  const candidates = Array.from(new Set(matchesOf.flat()));
  const allowed = await mayRead(candidates);
  const readable = new Set(candidates.filter((_, i) => allowed[i]));
  return errors.filter(
    (_, i) =>
      matchesOf[i].length > 0 && matchesOf[i].every(dag => readable.has(dag)),
  );
}
