import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';

/** What action dialogs and rows need to know about an environment. */
export interface EnvironmentInfo {
  name: string;
  title: string;
  /** Production environments get stronger confirmation wording. */
  production: boolean;
}

const PRODUCTION_TAGS = new Set(['production', 'prod']);
const PRODUCTION_NAME = /(^|[-_])prod(uction)?([-_]|$)/i;

/** Production by tag (`production`, `prod`) or, without a status, by name (`data-prod`). */
export function isProductionEnvironment(
  name: string,
  status?: AirflowEnvironmentStatus,
): boolean {
  if (status?.tags.some(tag => PRODUCTION_TAGS.has(tag.toLowerCase()))) {
    return true;
  }
  return PRODUCTION_NAME.test(name);
}

export function environmentInfo(
  name: string,
  status?: AirflowEnvironmentStatus,
): EnvironmentInfo {
  return {
    name,
    title: status?.title ?? name,
    production: isProductionEnvironment(name, status),
  };
}

/** "Data platform (data-prod)", or just the name when there is no title. */
export function environmentLabel(environment: EnvironmentInfo): string {
  return environment.title === environment.name
    ? environment.name
    : `${environment.title} (${environment.name})`;
}
