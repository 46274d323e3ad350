import { NotFoundError } from '@backstage/errors';
import { StubTransport } from '../api/__testUtils__/StubTransport';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { EnvironmentRegistry } from './EnvironmentRegistry';

describe('EnvironmentRegistry', () => {
  it('builds one transport per environment and detects its API version once', async () => {
    const transports = new Map<string, StubTransport>();
    const registry = new EnvironmentRegistry(
      [
        { ...testEnvironment('prod'), apiVersion: 'auto' },
        testEnvironment('staging'),
      ],
      config => {
        const transport = new StubTransport({});
        transports.set(config.name, transport);
        return transport;
      },
    );
    const detect = jest.spyOn(transports.get('prod')!, 'detectApiVersion');

    const prod = registry.get('prod');
    expect(prod.transport).toBe(transports.get('prod'));
    expect(registry.get('prod')).toBe(prod);
    const [first, second] = await Promise.all([
      registry.get('prod').adapter(),
      registry.find('prod')!.adapter(),
    ]);
    expect(second).toBe(first);
    expect(detect).toHaveBeenCalledTimes(1);
    expect(registry.list().map(e => e.name)).toEqual(['prod', 'staging']);
  });

  it('answers 404 for a name that is not configured', () => {
    const registry = new EnvironmentRegistry(
      [testEnvironment('prod')],
      () => new StubTransport({}),
    );
    expect(registry.find('nope')).toBeUndefined();
    expect(() => registry.get('nope')).toThrow(NotFoundError);
  });

  it('summarises each environment once: what may be shown, production included', () => {
    const registry = new EnvironmentRegistry(
      [{ ...testEnvironment('prod'), tags: ['production'], production: true }],
      () => new StubTransport({}),
    );
    const { summary } = registry.get('prod');
    expect(summary).toEqual({
      name: 'prod',
      title: 'PROD',
      tags: ['production'],
      production: true,
      uiUrl: 'https://prod.airflow.example.com',
      transport: 'jwt',
    });
    expect(JSON.stringify(summary)).not.toContain('secret');
  });
});
