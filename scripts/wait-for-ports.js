/* Waits until every given loopback port accepts connections (WAIT_FOR_PORTS_SECONDS, default 120). */
const net = require('node:net');

const ports = process.argv.slice(2).map(Number);
const seconds = Number(process.env.WAIT_FOR_PORTS_SECONDS ?? 120);
const deadline = Date.now() + seconds * 1000;

function probe(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

(async () => {
  for (const port of ports) {
    while (!(await probe(port))) {
      if (Date.now() > deadline) {
        console.error(`Port ${port} did not open within ${seconds} s`);
        process.exit(1);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }
})();
