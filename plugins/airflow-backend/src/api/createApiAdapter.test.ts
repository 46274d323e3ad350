import { StubTransport } from './__testUtils__/StubTransport';
import { createAdapterResolver } from './createApiAdapter';

describe('createAdapterResolver', () => {
  it('detects the version once for concurrent callers and remembers it', async () => {
    const transport = new StubTransport({});
    const detect = jest
      .spyOn(transport, 'detectApiVersion')
      .mockResolvedValue('v1');
    const resolve = createAdapterResolver(
      { name: 'e', apiVersion: 'auto' },
      transport,
    );
    const adapters = await Promise.all([resolve(), resolve(), resolve()]);
    await resolve();
    expect(detect).toHaveBeenCalledTimes(1);
    expect(adapters.map(a => a.apiVersion)).toEqual(['v1', 'v1', 'v1']);
  });

  it('tries again after a failed detection', async () => {
    const transport = new StubTransport({});
    const detect = jest
      .spyOn(transport, 'detectApiVersion')
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue('v2');
    const resolve = createAdapterResolver(
      { name: 'e', apiVersion: 'auto' },
      transport,
    );
    await expect(resolve()).rejects.toThrow('down');
    await expect(resolve()).resolves.toMatchObject({ apiVersion: 'v2' });
    expect(detect).toHaveBeenCalledTimes(2);
  });

  it('never probes when the version is configured', async () => {
    const transport = new StubTransport({});
    const detect = jest.spyOn(transport, 'detectApiVersion');
    const adapter = await createAdapterResolver(
      { name: 'e', apiVersion: 'v1' },
      transport,
    )();
    expect(adapter.apiVersion).toBe('v1');
    expect(detect).not.toHaveBeenCalled();
  });
});
