import { dag, run } from '../../testing/fixtures';
import {
  compareFailingFirst,
  emptyDagFilter,
  groupDagsByEntity,
  matchesDagFilter,
} from './dagFilter';

const failing = dag('b_failing', {
  latestRuns: [run('b_failing', 'failed', 31)],
  tags: ['orders'],
});
const running = dag('c_running', {
  latestRuns: [run('c_running', 'running', 31)],
});
const fine = dag('a_fine', {
  isPaused: true,
  latestRuns: [run('a_fine', 'success', 31)],
});
const brokenFile = dag('d_broken', { hasImportErrors: true });

describe('dagFilter', () => {
  it('orders failing DAGs first, then running ones, then by name', () => {
    expect(
      [fine, running, brokenFile, failing]
        .sort(compareFailingFirst)
        .map(d => d.dagId),
    ).toEqual(['b_failing', 'd_broken', 'c_running', 'a_fine']);
  });

  it('matches on text, latest run, tag and paused state', () => {
    const matches = (patch: object) =>
      [fine, running, failing, brokenFile]
        .filter(d => matchesDagFilter(d, { ...emptyDagFilter, ...patch }))
        .map(d => d.dagId);
    expect(matches({ text: 'FAIL' })).toEqual(['b_failing']);
    expect(matches({ latestRun: 'none' })).toEqual(['d_broken']);
    expect(matches({ tag: 'orders' })).toEqual(['b_failing']);
    expect(matches({ paused: 'paused' })).toEqual(['a_fine']);
    expect(matches({ environment: 'legacy-etl' })).toEqual([]);
  });

  it('groups by bound entity, entities with failing DAGs first', () => {
    const shared = dag('shared', {
      boundEntityRefs: ['component:default/zeta', 'component:default/alpha'],
    });
    const zetaFailing = dag('z', {
      boundEntityRefs: ['component:default/zeta'],
      latestRuns: [run('z', 'failed', 31)],
    });
    const unbound = dag('lonely', { boundEntityRefs: [] });

    const groups = groupDagsByEntity([shared, zetaFailing, unbound]);
    expect(groups.map(g => [g.entityRef, g.failing, g.dags.length])).toEqual([
      ['component:default/zeta', 1, 2],
      ['component:default/alpha', 0, 1],
      [undefined, 0, 1],
    ]);
    expect(groups[0].dags[0].dagId).toBe('z');
  });
});
