/* Waits until every given loopback port accepts connections (60 s at most). */
const net = require('node:net');

const ports = process.argv.slice(2).map(Number);
const deadline = Date.now() + 60_000;

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
        console.error(`Port ${port} did not open within 60 s`);
        process.exit(1);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }
})();
