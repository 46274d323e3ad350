import { fleetMembers } from './fleetMembers';

describe('fleetMembers', () => {
  it('names fifty members, a few of them with problems, every fifth on Airflow 2', () => {
    const members = fleetMembers(50);
    expect(members.map(m => m.name)).toEqual(
      Array.from(
        { length: 50 },
        (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`,
      ),
    );
    expect(members.filter(m => m.down).map(m => m.name)).toEqual([
      'fleet-12',
      'fleet-41',
    ]);
    expect(members.filter(m => m.unhealthy.length > 0)).toHaveLength(3);
    expect(members.filter(m => m.flavor === 'airflow2')).toHaveLength(10);
    expect(fleetMembers(50)).toEqual(members);
  });
});
