// A throwaway PostgreSQL server for tests: Debian's binaries (`apt-get install postgresql`;
// scripts/setup.sh installs it), a cluster made by initdb in a temporary folder, listening only on
// a unix socket in that folder (no TCP port), trust authentication, stopped and removed after.
// initdb refuses to run as root: as root the cluster belongs to the `postgres` user.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TestPostgres {
  /** A connection URL (unix socket, no password). */
  url: string;
  dir: string;
  /** Stops the server, keeping its data (a database going down mid-session). */
  pause(): void;
  /** Starts it again after pause(). */
  resume(): void;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed: run `npm run setup` (apt-get install postgresql)');
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/**
 * `durable`: the server syncs its writes as a production one does (benchmarks); tests run without
 * (fsync=off). `password`: the superuser's password, asked of every connection (scram-sha-256);
 * the URL still names none.
 */
export function startPostgres(opts: { durable?: boolean; password?: string } = {}): TestPostgres {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
  };
  if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const auth = ['--auth=trust'];
  if (opts.password !== undefined) {
    const pwfile = path.join(dir, 'pwfile');
    fs.writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
    if (asRoot) spawnSync('chown', ['postgres:postgres', pwfile]);
    auth.splice(0, 1, '--auth=scram-sha-256', `--pwfile=${pwfile}`);
  }
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', ...auth, '-E', 'UTF8', '--no-instructions']);
  // -w: pg_ctl returns once the server accepts connections.
  const start = () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-c listen_addresses='' -c unix_socket_directories='${dir}'${opts.durable ? '' : ' -c fsync=off'}`, 'start']);
  start();
  const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  return {
    url,
    dir,
    pause() {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'fast', 'stop']);
    },
    resume: start,
    stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
