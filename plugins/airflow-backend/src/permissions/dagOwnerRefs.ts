import type { DagOwnerMapping } from '../config/types';

/**
 * The catalog refs a DAG's owners map to: Airflow's `owners`, and tags that
 * start with the environment's `tagPrefix` (e.g. `owner:team-data`), each by
 * its explicit entry in `owners` or else by the template. Duplicates dropped.
 */
export function dagOwnerRefs(
  mapping: DagOwnerMapping,
  dag: { owners: string[]; tags: string[] },
): string[] {
  const { tagPrefix } = mapping;
  const names = [
    ...dag.owners,
    ...(tagPrefix
      ? dag.tags
          .filter(tag => tag.startsWith(tagPrefix))
          .map(tag => tag.slice(tagPrefix.length))
      : []),
  ]
    .map(name => name.trim())
    .filter(name => name.length > 0);
  const refs = new Set<string>();
  for (const name of names) {
    const explicit = mapping.owners[name.toLocaleLowerCase('en-US')];
    if (explicit) {
      explicit.forEach(ref => refs.add(ref));
    } else if (mapping.template) {
      refs.add(mapping.template.split('{owner}').join(name));
    }
  }
  return Array.from(refs);
}
