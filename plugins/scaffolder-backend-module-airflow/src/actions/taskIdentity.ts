import { createHash } from 'node:crypto';
import type { JsonObject } from '@backstage/types';

interface StepContext {
  task: { id: string };
  step?: { id?: string };
  each?: JsonObject;
}

/**
 * The requestId of this step of this task: the same on every retry of the
 * step, so that the Airflow backend answers the run (or clear) it already
 * did instead of doing it again. An `each` step gets one per item.
 */
export function requestIdOf(ctx: StepContext, action: string): string {
  const item = ctx.each
    ? createHash('sha256').update(JSON.stringify(ctx.each)).digest('hex')
    : '';
  const digest = createHash('sha256')
    .update(JSON.stringify([ctx.task.id, ctx.step?.id ?? '', action, item]))
    .digest('hex');
  return `scaffolder-${digest.slice(0, 40)}`;
}

/** What the audit record names as the origin beside the scaffolder plugin. */
export function originRefOf(ctx: StepContext): string {
  return `task:${ctx.task.id}`;
}
