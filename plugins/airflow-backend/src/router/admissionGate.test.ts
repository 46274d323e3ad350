import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AdmissionGate } from './admissionGate';
import { errorHandler } from './errorHandler';

/** An app whose one route answers when the test says so, in order. */
function gatedApp(maxQueued = 1) {
  const waiting: Array<() => void> = [];
  const served: string[] = [];
  const app = express();
  const gate = new AdmissionGate({ maxInProgress: 1, maxQueued });
  app.use(gate.handler);
  app.get('/:name', (req, res) => {
    served.push(req.params.name);
    waiting.push(() => res.json({ name: req.params.name }));
  });
  app.use(errorHandler(mockServices.logger.mock()));
  return { app, gate, waiting, served };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise(resolve => setImmediate(resolve));
};

describe('admissionGate', () => {
  it('serves one at a time, queues the next, and refuses beyond the queue with 503 and Retry-After', async () => {
    const { app, waiting, served } = gatedApp();
    const server = app.listen(0);
    try {
      const first = request(server)
        .get('/first')
        .then(res => res);
      await until(() => served.length === 1);
      const second = request(server)
        .get('/second')
        .then(res => res);
      // The second waits its turn: the third finds the queue full.
      await new Promise(resolve => setTimeout(resolve, 50));
      const third = await request(server).get('/third');
      expect(third.status).toBe(503);
      expect(third.headers['retry-after']).toBe('5');
      expect(third.body.error.name).toBe('ServiceUnavailableError');
      expect(served).toEqual(['first']);

      waiting.shift()!();
      expect((await first).body).toEqual({ name: 'first' });
      await until(() => served.length === 2);
      waiting.shift()!();
      expect((await second).body).toEqual({ name: 'second' });
    } finally {
      server.close();
    }
  });

  it('gives the place of a client that went away to the next one', async () => {
    const { app, gate, waiting, served } = gatedApp(2);
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const first = request(server)
        .get('/first')
        .then(res => res);
      await until(() => served.length === 1);
      // A client that asks, then closes its connection while waiting.
      const gone = http.get({ port, path: '/gone' });
      gone.on('error', () => undefined);
      await until(() => gate.waiting === 1);
      gone.destroy();
      const next = request(server)
        .get('/next')
        .then(res => res);
      await until(() => gate.waiting === 2);

      waiting.shift()!();
      await first;
      await until(() => served.length === 2);
      expect(served).toEqual(['first', 'next']);
      waiting.shift()!();
      expect((await next).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
