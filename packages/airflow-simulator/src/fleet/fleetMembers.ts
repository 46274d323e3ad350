import type { HealthComponent } from '../state/store';
import type { Flavor } from '../state/types';

/** One simulated environment of the fleet, and how it presents itself. */
export interface FleetMember {
  /** Environment name in the portal, and the path prefix on the fleet's port. */
  name: string;
  title: string;
  flavor: Flavor;
  owner: string;
  tags: string[];
  /** Components that report unhealthy: the portal shows the member degraded. */
  unhealthy: HealthComponent[];
  /** Answers 503 to everything: the portal shows the member unreachable. */
  down: boolean;
}

const owners = [
  'group:default/team-data',
  'group:default/team-payments',
  'group:default/team-marketing',
  'group:default/platform-team',
];
// A few members with problems, spread through the list, so the overview has
// something to put first.
const DEGRADED = new Set([7, 23, 38]);
const DOWN = new Set([12, 41]);

/**
 * The fleet as a deterministic list (same names, flavours and problems on
 * every start): every fifth member is Airflow 2 over basic auth, the others
 * Airflow 3 over JWT.
 */
export function fleetMembers(size: number): FleetMember[] {
  return Array.from({ length: size }, (_, index) => {
    const i = index + 1;
    const number = String(i).padStart(2, '0');
    const flavor: Flavor = i % 5 === 0 ? 'airflow2' : 'airflow3';
    return {
      name: `fleet-${number}`,
      title: `Fleet ${number} (Airflow ${flavor === 'airflow2' ? 2 : 3})`,
      flavor,
      owner: owners[index % owners.length],
      tags: ['fleet', i % 3 === 0 ? 'production' : 'staging'],
      unhealthy: DEGRADED.has(i) ? ['scheduler'] : [],
      down: DOWN.has(i),
    };
  });
}
