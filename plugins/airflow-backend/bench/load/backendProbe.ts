/*
 * Reads the backend's memory from outside: RSS from /proc, and the V8 heap
 * after a full garbage collection through the Node inspector (the backend runs
 * with --inspect on loopback). Heap used after GC is what tells warm-up (it
 * levels off) from a leak (it keeps growing with every pass of traffic).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface MemorySample {
  rssMiB: number;
  /** V8 heap used after a forced full GC. */
  heapAfterGcMiB: number;
}

const MiB = 1024 * 1024;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/** A Chrome DevTools Protocol session over Node's global WebSocket. */
class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, (result: any) => void>();
  private chunks: string[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', event => {
      const message = JSON.parse(String(event.data));
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk') {
        this.chunks.push(message.params.chunk);
      } else if (message.id !== undefined) {
        this.pending.get(message.id)?.(message.error ?? message.result);
        this.pending.delete(message.id);
      }
    });
  }

  static async open(inspectorUrl: string): Promise<InspectorSession> {
    const targets = (await (
      await fetch(`${inspectorUrl}/json/list`)
    ).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    return new InspectorSession(socket);
  }

  send(method: string, params: object = {}): Promise<any> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise(resolve => this.pending.set(id, resolve));
  }

  async snapshot(path: string): Promise<void> {
    this.chunks = [];
    await this.send('HeapProfiler.takeHeapSnapshot', {
      reportProgress: false,
    });
    writeFileSync(path, this.chunks.join(''));
    this.chunks = [];
  }

  close() {
    this.socket.close();
  }
}

export class BackendProbe {
  private constructor(
    private readonly pid: number,
    private readonly session: InspectorSession,
  ) {}

  static async attach(pid: number, inspectorUrl: string) {
    return new BackendProbe(pid, await InspectorSession.open(inspectorUrl));
  }

  async sample(): Promise<MemorySample> {
    await this.session.send('HeapProfiler.collectGarbage');
    const { result } = await this.session.send('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    });
    return { rssMiB: rssMiB(this.pid), heapAfterGcMiB: result.value / MiB };
  }

  /** A .heapsnapshot file (open in Chrome DevTools → Memory to compare two). */
  snapshot(path: string): Promise<void> {
    return this.session.snapshot(path);
  }

  close() {
    this.session.close();
  }
}
