// The web app the sample buildspec builds: an HTTP server with a health check. The sandbox's failing
// project reports an ESLint error on line 12 of this file, so its build log links here.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  res.writeHead(404).end();
});
const port = Number(process.env.PORT ?? 8080);
server.listen(8080);
console.log('listening on 8080');
