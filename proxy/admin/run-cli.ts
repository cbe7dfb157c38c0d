// The admin CLI (`npm run admin -- …`), callable in-process for tests. Bad arguments print one
// line and the usage, exit 2; other failures one line, exit 1; nothing is written unless the
// whole command is valid.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, parseConfig, type Config } from "../config.js";
import { copyFilesToPostgres } from "../store/postgres/copy-from-files.js";
import { DataFileError } from "../store/files/data-file.js";
import { createConfiguredProvider } from "../llm/provider-choice.js";
import { SitesBusyError } from "../store/files/sites-file.js";
import { openAdminStore, type AdminStore } from "../store/open-store.js";
import { DatabaseUnreachableError } from "../store/postgres/postgres-store.js";
import { StoreUnavailableError } from "../errors.js";
import { CliError } from "./cli-error.js";
import { addKnowledge, listKnowledge, refreshKnowledge, removeKnowledge, type AddValues, type KnowledgeCommandContext } from "./knowledge-commands.js";
import { showModels } from "./models-command.js";
import type { ProgressStream } from "./progress-bar.js";
import type { SafeFetchOptions } from "../knowledge/safe-fetch.js";
import { addSite, listSites, removeSite, rotateKey, setEnabled, setSite, showSite, type SiteCommandContext } from "./site-commands.js";
import { SITE_OPTIONS, type SiteOptionValues } from "./site-options.js";
import { showUsage } from "./usage-command.js";

export interface CliIo {
  /** Default: DATA_DIR from `env` (unused with DATABASE_URL). */
  dataDir?: string;
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  now?: Date;
  /** Page fetching for `knowledge` (tests inject a resolver and small limits). */
  fetch?: SafeFetchOptions;
}

export const USAGE = `Usage: npm run admin -- <command> [options]

  sites add --name NAME [settings]     create a site; prints its id and server key (once)
  sites list                           all sites
  sites show ID                        one site's settings
  sites set ID [settings]              change settings (--origin replaces the list)
  sites disable ID | sites enable ID   stop or resume serving a site
  sites rotate-key ID                  new server key (printed once); the old one stops working
  sites remove ID                      delete a site
  usage ID [--days 30]                 daily messages, tokens, refusals and sessions (ID may be "default")
  models                               what the provider serves now; marks the model that answers and its fallbacks
  store copy --to postgres             copy DATA_DIR (sites, keys, usage, live conversations, knowledge) into DATABASE_URL
  knowledge add ID --sitemap URL | --url URL | --file PATH
                                       read a source of the site's knowledge (.md, .txt, .html files);
                                       pages only from the site's origins
  knowledge list ID                    the site's knowledge sources
  knowledge remove ID SOURCE           forget a source (its id, e.g. k2, or its URL or path)
  knowledge refresh ID                 read the sources again; unchanged pages (ETag, Last-Modified) are kept

Settings: --origin URL (repeatable)  --model ID[,ID…][,auto]  --system-prompt TEXT  --rate-limit-per-minute N
          --daily-quota N  --visitor-daily-quota N  --monthly-token-budget N  --groq-key KEY (needs MASTER_KEY)
Every command takes --json. Changes apply to a running proxy within seconds. With DATABASE_URL set
the commands work on the database, otherwise on DATA_DIR.
`;

const JSON_OPTION = { json: { type: "boolean" } } as const;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const output = await dispatch(argv, io);
    io.stdout.write(output);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n${error.exitCode === 2 ? `\n${USAGE}` : ""}`);
      return error.exitCode;
    }
    if (error instanceof ConfigError || error instanceof DataFileError || error instanceof SitesBusyError || error instanceof DatabaseUnreachableError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof StoreUnavailableError) {
      io.stderr.write(`DATABASE_URL: the database cannot be used right now (${describeCause(error.cause)}).\n`);
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<string> {
  const [group, action, ...rest] = argv;
  const afterGroup = argv.slice(1);
  if (group === undefined || group === "help" || group === "--help") return USAGE;
  if (!["sites", "usage", "store", "models", "knowledge"].includes(group)) throw new CliError(`Unknown command ${JSON.stringify(group)}.`, 2);
  const parsed = parseConfig(io.env);
  const config = { ...parsed, dataDir: io.dataDir ?? parsed.dataDir };
  const now = io.now ?? new Date();
  if (group === "models") {
    const { values } = parse(afterGroup, JSON_OPTION, "models", false);
    return showModels(config, createConfiguredProvider(config), values.json === true);
  }
  if (group === "store") return copyCommand(action, rest, config, now);
  const store = await openAdminStore(config, { now: () => now });
  try {
    if (group === "knowledge") {
      const base = { sites: store.sites, knowledge: store.knowledge, environmentOrigins: config.allowedOrigins, now, progress: io.stderr, fetch: io.fetch };
      return await knowledge(action, rest, base);
    }
    return await siteOrUsageCommand(group as "sites" | "usage", action, rest, afterGroup, { store, masterKey: config.masterKey, now });
  } finally {
    await store.close();
  }
}

async function siteOrUsageCommand(
  group: "sites" | "usage",
  action: string | undefined,
  rest: string[],
  afterGroup: string[],
  { store, masterKey, now }: { store: AdminStore; masterKey: Buffer | undefined; now: Date },
): Promise<string> {
  const base = { sites: store.sites, masterKey, now };
  if (group === "usage") {
    const { values, id } = parse(afterGroup, { ...JSON_OPTION, days: { type: "string" } }, "usage");
    return showUsage({ sites: store.sites, usage: store.usage, now, json: values.json === true }, id, values.days as string | undefined);
  }
  switch (action) {
    case "add": {
      const { values } = parse(rest, { ...SITE_OPTIONS, ...JSON_OPTION }, "sites add", false);
      return addSite(context(base, values), values as SiteOptionValues);
    }
    case "list":
      return listSites(context(base, parse(rest, JSON_OPTION, "sites list", false).values));
    case "set": {
      const { values, id } = parse(rest, { ...SITE_OPTIONS, ...JSON_OPTION }, "sites set");
      return setSite(context(base, values), id, values as SiteOptionValues);
    }
    case "show":
    case "disable":
    case "enable":
    case "rotate-key":
    case "remove": {
      const { values, id } = parse(rest, JSON_OPTION, `sites ${action}`);
      const run = context(base, values);
      if (action === "show") return showSite(run, id);
      if (action === "rotate-key") return rotateKey(run, id);
      if (action === "remove") return removeSite(run, id);
      return setEnabled(run, id, action === "enable");
    }
    default:
      throw new CliError(action === undefined ? "sites: say what to do, e.g. `sites list`." : `Unknown command "sites ${action}".`, 2);
  }
}

async function knowledge(action: string | undefined, rest: string[], base: Omit<KnowledgeCommandContext, "json">): Promise<string> {
  const withJson = (values: Record<string, unknown>) => ({ ...base, json: values.json === true });
  switch (action) {
    case "add": {
      const options = { ...JSON_OPTION, sitemap: { type: "string" }, url: { type: "string" }, file: { type: "string" } } as const;
      const { values, id } = parse(rest, options, "knowledge add");
      return addKnowledge(withJson(values), id, values as AddValues);
    }
    case "list": {
      const { values, id } = parse(rest, JSON_OPTION, "knowledge list");
      return listKnowledge(withJson(values), id);
    }
    case "refresh": {
      const { values, id } = parse(rest, JSON_OPTION, "knowledge refresh");
      return refreshKnowledge(withJson(values), id);
    }
    case "remove": {
      const { values, positionals } = parseArgsOrUsage(rest, JSON_OPTION, "knowledge remove");
      if (positionals.length !== 2) throw new CliError("knowledge remove: give a site id and a source", 2);
      return removeKnowledge(withJson(values), positionals[0]!, positionals[1]!);
    }
    default:
      throw new CliError(action === undefined ? "knowledge: say what to do, e.g. `knowledge list default`." : `Unknown command "knowledge ${action}".`, 2);
  }
}

async function copyCommand(action: string | undefined, args: string[], config: Config, now: Date): Promise<string> {
  if (action !== "copy") throw new CliError(action === undefined ? "store: say what to do: `store copy --to postgres`." : `Unknown command "store ${action}".`, 2);
  const { values } = parse(args, { ...JSON_OPTION, to: { type: "string" } }, "store copy", false);
  if (values.to !== "postgres") throw new CliError("store copy: give --to postgres", 2);
  if (config.databaseUrl === undefined) throw new CliError("store copy: set DATABASE_URL to the database to copy DATA_DIR into.");
  const copied = await copyFilesToPostgres({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, now, sessionTtlMs: config.sessionTtlMs });
  if (values.json === true) return `${JSON.stringify(copied, null, 2)}\n`;
  return (
    `Copied ${config.dataDir} into the database: ${copied.sites} sites, ${copied.threads} live conversations, ` +
    `${copied.usageDays} days of usage, ${copied.knowledge} sites' knowledge${copied.skippedThreads > 0 ? ` (${copied.skippedThreads} conversations already there were left as they are)` : ""}.\n` +
    "Start the proxies with DATABASE_URL set; DATA_DIR is no longer used.\n"
  );
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return String(cause);
}

function context(base: Omit<SiteCommandContext, "json">, values: Record<string, unknown>): SiteCommandContext {
  return { ...base, json: values.json === true };
}

/** parseArgs, strict; with `needsId`, exactly one positional (the site id). */
function parse(args: string[], options: NonNullable<ParseArgsConfig["options"]>, command: string, needsId = true) {
  const { values, positionals } = parseArgsOrUsage(args, options, command);
  if (!needsId && positionals.length > 0) throw new CliError(`${command}: unexpected ${JSON.stringify(positionals[0])}`, 2);
  if (needsId && positionals.length !== 1) throw new CliError(`${command}: give exactly one site id`, 2);
  return { values, id: positionals[0] ?? "" };
}

function parseArgsOrUsage(args: string[], options: NonNullable<ParseArgsConfig["options"]>, command: string) {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message}`, 2);
  }
}
