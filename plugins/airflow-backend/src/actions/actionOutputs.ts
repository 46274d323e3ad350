import type {
  AirflowAffectedTaskInstance,
  AirflowDag,
  AirflowDagRun,
  AirflowDagWithRuns,
  AirflowLogChunk,
  EnvironmentDags,
} from '@airflow-portal/plugin-airflow-common';
import { redactConf, redactText } from '../redaction/redact';
import type { Zod } from './actionInputs';

/** An object schema, typed through `Zod` (declarations name no copy of zod); the registry checks answers against the schema itself. */
type ObjectField = ReturnType<Zod['object']>;

/*
 * What the actions answer: the fields an assistant needs to reason about a
 * DAG, a run or a log, from the one model the routes answer with. A run's
 * conf and every log line are redacted whoever asks (see redaction/redact):
 * a registry answer leaves the portal for an assistant, and a secret a
 * reader could see in the UI is still not one to hand over.
 */

export const runOutput = (z: Zod): ObjectField =>
  z.object({
    runId: z.string(),
    state: z.string(),
    runType: z.string().optional(),
    logicalDate: z.string().nullable().optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    conf: z
      .record(z.unknown())
      .optional()
      .describe('The run conf, with secret-looking values redacted'),
    note: z.string().optional(),
    triggeredBy: z.string().optional(),
    uiUrl: z.string().optional().describe('The run in the Airflow UI'),
  });

export type RunOutput = ReturnType<ReturnType<typeof runOutput>['parse']>;

export function toRunOutput(run: AirflowDagRun): RunOutput {
  return {
    runId: run.runId,
    state: run.state,
    runType: run.runType,
    logicalDate: run.logicalDate,
    startDate: run.startDate,
    endDate: run.endDate,
    conf: run.conf === undefined ? undefined : redactConf(run.conf),
    note: run.note,
    triggeredBy: run.triggeredBy,
    uiUrl: run.uiUrl,
  };
}

export const dagOutput = (z: Zod): ObjectField =>
  z.object({
    environment: z.string(),
    dagId: z.string(),
    displayName: z.string(),
    description: z.string().optional(),
    isPaused: z.boolean(),
    isActive: z
      .boolean()
      .describe('False when Airflow no longer finds the DAG file'),
    owners: z.array(z.string()),
    tags: z.array(z.string()),
    schedule: z.string().optional(),
    nextRunAfter: z.string().optional(),
    hasImportErrors: z.boolean(),
    uiUrl: z.string().optional().describe('The DAG in the Airflow UI'),
  });

export type DagOutput = ReturnType<ReturnType<typeof dagOutput>['parse']>;

export function toDagOutput(dag: AirflowDag): DagOutput {
  return {
    environment: dag.environment,
    dagId: dag.dagId,
    displayName: dag.displayName,
    description: dag.description,
    isPaused: dag.isPaused,
    isActive: dag.isActive,
    owners: dag.owners,
    tags: dag.tags,
    schedule: dag.schedule,
    nextRunAfter: dag.nextRunAfter,
    hasImportErrors: dag.hasImportErrors,
    uiUrl: dag.uiUrl,
  };
}

export const environmentDagsOutput = (z: Zod): ObjectField =>
  z.object({
    environment: z.string(),
    error: z
      .string()
      .optional()
      .describe(
        'Why this environment could not be read; the others still answer',
      ),
    dags: z.array(
      dagOutput(z).extend({
        latestRuns: z.array(runOutput(z)).describe('Newest first'),
      }),
    ),
    missingDagIds: z
      .array(z.string())
      .optional()
      .describe('DAG ids the entity binds that Airflow does not list'),
  });

export type EnvironmentDagsOutput = ReturnType<
  ReturnType<typeof environmentDagsOutput>['parse']
>;

export function toEnvironmentDagsOutput(
  environment: EnvironmentDags,
): EnvironmentDagsOutput {
  const missing = environment.missingDags ?? [];
  return {
    environment: environment.environment,
    error: environment.error
      ? redactText(environment.error.message)
      : undefined,
    dags: environment.dags.map((dag: AirflowDagWithRuns) => ({
      ...toDagOutput(dag),
      latestRuns: dag.latestRuns.map(toRunOutput),
    })),
    missingDagIds:
      missing.length > 0 ? missing.map(item => item.dagId) : undefined,
  };
}

export const logOutput = (z: Zod): ObjectField =>
  z.object({
    lines: z.array(
      z.object({
        timestamp: z.string().optional(),
        level: z.string().optional(),
        message: z.string().describe('Secrets found in the text are redacted'),
      }),
    ),
    continuationToken: z
      .string()
      .optional()
      .describe('Pass back to read the next part of the log'),
    endOfLog: z.boolean(),
  });

export type LogOutput = ReturnType<ReturnType<typeof logOutput>['parse']>;

export function toLogOutput(chunk: AirflowLogChunk): LogOutput {
  return {
    lines: chunk.lines.map(line => ({
      timestamp: line.timestamp,
      level: line.level,
      message: redactText(line.message),
    })),
    continuationToken: chunk.continuationToken,
    endOfLog: chunk.endOfLog,
  };
}

export const affectedTaskInstanceOutput = (z: Zod): ObjectField =>
  z.object({
    taskId: z.string(),
    runId: z.string(),
    mapIndex: z.number().optional(),
    state: z.string().nullable().optional(),
  });

export function toAffectedTaskInstanceOutput(
  taskInstance: AirflowAffectedTaskInstance,
) {
  return {
    taskId: taskInstance.taskId,
    runId: taskInstance.runId,
    mapIndex: taskInstance.mapIndex,
    state: taskInstance.state,
  };
}
