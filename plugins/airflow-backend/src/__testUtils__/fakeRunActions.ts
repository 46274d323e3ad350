import type { UpstreamRequest } from '../transport/types';

/** One task instance as `TaskInstanceResponse` names it (the fields the adapters read). */
function taskInstance(
  dagId: string,
  runId: string,
  taskId: string,
  state: string | null,
) {
  return {
    id: `${dagId}.${runId}.${taskId}`,
    task_id: taskId,
    dag_id: dagId,
    dag_run_id: runId,
    map_index: -1,
    state,
    try_number: 1,
    max_tries: 1,
    task_display_name: taskId,
    pool: 'default_pool',
    pool_slots: 1,
    executor_config: '{}',
    run_after: '2025-01-01T00:00:00Z',
  };
}

const seg = (value: string) => decodeURIComponent(value);

/**
 * Airflow 3's answers to the run actions (clear, mark state, notes) for the
 * fake transport, for runs of known DAGs: a clear answers the task
 * instances it names (`extract` and `load` for a whole run) and, confirmed
 * on a run, the run queued again; a mark or note answers what it set.
 * `runOf` reads the run a PATCH of a run answers with. Undefined for other calls.
 */
export function answerRunAction(
  req: UpstreamRequest,
  runOf: (dagId: string, runId: string) => Record<string, unknown>,
): { answer: unknown } | undefined {
  const body = (req.body ?? {}) as Record<string, any>;
  const runClear = /^\/dags\/([^/]+)\/dagRuns\/([^/]+)\/clear$/.exec(req.path);
  if (runClear && req.method === 'POST') {
    const [dagId, runId] = [seg(runClear[1]), seg(runClear[2])];
    if (body.dry_run === false) {
      return { answer: { ...runOf(dagId, runId), state: 'queued' } };
    }
    return {
      answer: collection(
        ['extract', 'load'].map(t => taskInstance(dagId, runId, t, 'failed')),
      ),
    };
  }
  const clear = /^\/dags\/([^/]+)\/clearTaskInstances$/.exec(req.path);
  if (clear && req.method === 'POST') {
    const dagId = seg(clear[1]);
    const taskIds: string[] = body.task_ids ?? ['extract', 'load'];
    return {
      answer: collection(
        taskIds.map(t =>
          taskInstance(
            dagId,
            body.dag_run_id,
            t,
            body.dry_run ? 'failed' : null,
          ),
        ),
      ),
    };
  }
  const patchTask =
    /^\/dags\/([^/]+)\/dagRuns\/([^/]+)\/taskInstances\/([^/]+)(\/dry_run)?$/.exec(
      req.path,
    );
  if (patchTask && req.method === 'PATCH') {
    const [dagId, runId, taskId] = [
      seg(patchTask[1]),
      seg(patchTask[2]),
      seg(patchTask[3]),
    ];
    const ti = {
      ...taskInstance(
        dagId,
        runId,
        taskId,
        patchTask[4] ? 'running' : body.new_state ?? 'running',
      ),
      note: body.note ?? null,
    };
    return { answer: collection([ti]) };
  }
  const patchRun = /^\/dags\/([^/]+)\/dagRuns\/([^/]+)$/.exec(req.path);
  if (patchRun && req.method === 'PATCH') {
    const run = runOf(seg(patchRun[1]), seg(patchRun[2]));
    return {
      answer: {
        ...run,
        ...(body.state ? { state: body.state } : {}),
        ...('note' in body ? { note: body.note } : {}),
      },
    };
  }
  return undefined;
}

function collection(taskInstances: unknown[]) {
  return { task_instances: taskInstances, total_entries: taskInstances.length };
}
