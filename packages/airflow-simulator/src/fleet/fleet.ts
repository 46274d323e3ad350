import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AirflowSimulator,
  AirflowSimulatorOptions,
  startAirflowSimulator,
} from '../airflow/simulator';
import { fleetMembers } from './fleetMembers';

export interface SimulatorFleetOptions
  extends Omit<AirflowSimulatorOptions, 'flavor' | 'port' | 'seed'> {
  size: number;
  /** The one port of the fleet: member `fleet-07` is under `/fleet-07/`. */
  port?: number;
}

export interface SimulatorFleet {
  url: string;
  members: Map<string, AirflowSimulator>;
  close(): Promise<void>;
}

/**
 * Many simulated Airflow environments behind one port: each member listens
 * on a free port of its own and the fleet's server forwards `/<name>/…` to
 * it, prefix removed, so a demo of fifty environments needs one fixed port.
 */
export async function startSimulatorFleet(
  options: SimulatorFleetOptions,
): Promise<SimulatorFleet> {
  const { size, port, ...common } = options;
  const members = new Map<string, AirflowSimulator>();
  for (const member of fleetMembers(size)) {
    const sim = await startAirflowSimulator({
      ...common,
      flavor: member.flavor,
      port: 0,
      seed: member.name,
      unhealthy: member.unhealthy,
    });
    if (member.down) {
      sim.setFaults([{ status: 503 }]);
    }
    members.set(member.name, sim);
  }

  const server = http.createServer((req, res) => {
    const match = /^\/([^/?]+)(.*)$/.exec(req.url ?? '');
    const target = match ? members.get(match[1]) : undefined;
    if (!match || !target) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: 'No such fleet member' }));
      return;
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: match[2] || '/',
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve =>
    server.listen(port ?? 0, common.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;

  return {
    url: `http://${common.host ?? '127.0.0.1'}:${address.port}`,
    members,
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await Promise.all([...members.values()].map(sim => sim.close()));
    },
  };
}
