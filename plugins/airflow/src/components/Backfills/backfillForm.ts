import type {
  BackfillReprocessBehavior,
  BackfillSpec,
} from '@airflow-portal/plugin-airflow-common';

/** What the backfill dialog's fields hold; dates as `YYYY-MM-DD` (UTC days). */
export interface BackfillFormValues {
  fromDay: string;
  toDay: string;
  reprocessBehavior: BackfillReprocessBehavior;
  maxActiveRuns: string;
  runBackwards: boolean;
}

/** Airflow's defaults (`reprocess_behavior: none`, `max_active_runs: 10`). */
export const initialBackfillForm: BackfillFormValues = {
  fromDay: '',
  toDay: '',
  reprocessBehavior: 'none',
  maxActiveRuns: '10',
  runBackwards: false,
};

export const REPROCESS_LABELS: Record<BackfillReprocessBehavior, string> = {
  none: 'Only missing runs',
  failed: 'Missing and failed runs',
  completed: 'Every run of the range',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The backend's bounds of `maxActiveRuns`. */
const MAX_ACTIVE_RUNS = 1000;

/**
 * The spec the form describes, or why it describes none yet. Days are taken
 * as UTC midnights, as Airflow's logical dates are UTC: the range is the
 * same whatever the browser's time zone.
 */
export function backfillSpecOf(
  values: BackfillFormValues,
): { spec: BackfillSpec } | { problem: string } {
  if (!DAY.test(values.fromDay) || !DAY.test(values.toDay)) {
    return { problem: 'Choose the first and the last day of the range.' };
  }
  if (values.fromDay > values.toDay) {
    return { problem: 'The first day comes after the last day.' };
  }
  const maxActiveRuns = Number(values.maxActiveRuns);
  if (
    !Number.isInteger(maxActiveRuns) ||
    maxActiveRuns < 1 ||
    maxActiveRuns > MAX_ACTIVE_RUNS
  ) {
    return {
      problem: `Max active runs is a whole number from 1 to ${MAX_ACTIVE_RUNS}.`,
    };
  }
  return {
    spec: {
      fromDate: `${values.fromDay}T00:00:00Z`,
      toDate: `${values.toDay}T00:00:00Z`,
      reprocessBehavior: values.reprocessBehavior,
      maxActiveRuns,
      runBackwards: values.runBackwards,
    },
  };
}
