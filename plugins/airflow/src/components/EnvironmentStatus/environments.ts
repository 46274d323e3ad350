import type { AirflowEnvironmentSummary } from '@airflow-portal/plugin-airflow-common';

/** What action dialogs and rows need to know about an environment. */
export interface EnvironmentInfo {
  name: string;
  title: string;
  /** Production environments get stronger confirmation wording. */
  production: boolean;
}

/**
 * The environment as its summary from the backend describes it, which
 * decides whether it is production; without one, only its name is known.
 */
export function environmentInfo(
  name: string,
  summary?: AirflowEnvironmentSummary,
): EnvironmentInfo {
  return {
    name,
    title: summary?.title ?? name,
    production: summary?.production ?? false,
  };
}

/** "Data platform (data-prod)", or just the name when there is no title. */
export function environmentLabel(environment: EnvironmentInfo): string {
  return environment.title === environment.name
    ? environment.name
    : `${environment.title} (${environment.name})`;
}
