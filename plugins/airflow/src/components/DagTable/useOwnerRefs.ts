import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

const NO_REFS: Record<string, string> = {};

function candidateRefs(owner: string): string[] {
  try {
    return ['user', 'group'].map(kind =>
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: kind,
          defaultNamespace: 'default',
        }),
      ),
    );
  } catch {
    return [];
  }
}

/**
 * Airflow owners are free text (`data-eng`, `airflow`). Those that name a
 * catalog user or group (user first) map to its ref; one catalog call for all
 * DAGs. Lookup failures only cost the links, so they are swallowed.
 */
export function useOwnerRefs(owners: string[]): Record<string, string> {
  const catalogApi = useApi(catalogApiRef);
  const key = [...new Set(owners)].sort().join('\n');
  const { value } = useAsync(async () => {
    const names = key ? key.split('\n') : [];
    const candidates = names.map(owner => ({
      owner,
      refs: candidateRefs(owner),
    }));
    const entityRefs = candidates.flatMap(c => c.refs);
    if (entityRefs.length === 0) {
      return {};
    }
    try {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      });
      const found = new Set(
        items.flatMap(entity => (entity ? [stringifyEntityRef(entity)] : [])),
      );
      const result: Record<string, string> = {};
      for (const { owner, refs } of candidates) {
        const ref = refs.find(r => found.has(r));
        if (ref) {
          result[owner] = ref;
        }
      }
      return result;
    } catch {
      return {};
    }
  }, [catalogApi, key]);
  return value ?? NO_REFS;
}
