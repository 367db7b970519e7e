// Start a real local AT Protocol network (PLC directory, PDS, AppView, bsync, ozone)
// for integration tests, print one JSON line with its URLs once it is ready, and close it
// on SIGTERM, SIGINT or when standard input reaches its end (the parent test process died).
//
// Usage: node start-network.mjs --plc-port N --pds-port N --appview-port N --ozone-port N
// Each port may also come from BSKY_PEER_PLC_PORT, BSKY_PEER_PDS_PORT,
// BSKY_PEER_APPVIEW_PORT, BSKY_PEER_OZONE_PORT. The AppView, bsync and ozone store their
// data in PostgreSQL: DB_POSTGRES_URL (a database of its own) and DB_POSTGRES_SCHEMA (a
// schema name prefix). The PDS keeps its SQLite files and blobs under TMPDIR, so the
// caller points TMPDIR at a directory it removes afterwards. No mock data is seeded.
import { parseArgs } from 'node:util';

import { TestNetwork } from '@atproto/dev-env';

const CLOSE_TIMEOUT_MS = 15_000;

function readPort(values, name) {
  const envName = `BSKY_PEER_${name.toUpperCase().replace('-', '_')}`;
  const raw = values[name] ?? process.env[envName];
  const port = Number.parseInt(raw ?? '', 10);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`Missing or invalid port: --${name} or ${envName} (got ${raw})`);
  }
  return port;
}

function readConfig() {
  const { values } = parseArgs({
    options: {
      'plc-port': { type: 'string' },
      'pds-port': { type: 'string' },
      'appview-port': { type: 'string' },
      'ozone-port': { type: 'string' },
    },
  });
  const dbPostgresUrl = process.env.DB_POSTGRES_URL;
  const dbPostgresSchema = process.env.DB_POSTGRES_SCHEMA;
  if (!dbPostgresUrl) throw new Error('DB_POSTGRES_URL is required');
  if (!dbPostgresSchema) throw new Error('DB_POSTGRES_SCHEMA is required');
  // dev-env 0.6.7 asserts REDIS_HOST is set although nothing connects to it.
  if (!process.env.REDIS_HOST) throw new Error('REDIS_HOST is required');
  return {
    plcPort: readPort(values, 'plc-port'),
    pdsPort: readPort(values, 'pds-port'),
    appviewPort: readPort(values, 'appview-port'),
    ozonePort: readPort(values, 'ozone-port'),
    dbPostgresUrl,
    dbPostgresSchema,
  };
}

async function main() {
  const config = readConfig();
  const started = Date.now();
  const network = await TestNetwork.create({
    dbPostgresUrl: config.dbPostgresUrl,
    dbPostgresSchema: config.dbPostgresSchema,
    plc: { port: config.plcPort },
    pds: {
      port: config.pdsPort,
      hostname: 'localhost',
      enableDidDocWithSession: true,
    },
    bsky: {
      port: config.appviewPort,
      publicUrl: `http://localhost:${config.appviewPort}`,
    },
    ozone: { port: config.ozonePort },
  });

  let closing = null;
  const shutdown = (reason) => {
    if (closing) return closing;
    process.stderr.write(`bluesky test network: closing (${reason})\n`);
    const timer = setTimeout(() => {
      process.stderr.write('bluesky test network: close timed out\n');
      process.exit(1);
    }, CLOSE_TIMEOUT_MS);
    timer.unref();
    closing = network
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        process.stderr.write(`bluesky test network: close failed: ${err?.stack ?? err}\n`);
        process.exit(1);
      });
    return closing;
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('error', () => shutdown('stdin error'));
  process.stdin.resume();

  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      plc: network.plc.url,
      pds: network.pds.url,
      appview: network.bsky.url,
      bsky: network.bsky.url,
      ozone: network.ozone.url,
      appviewDid: network.bsky.serverDid,
      startupMs: Date.now() - started,
      pid: process.pid,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bluesky test network: failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
