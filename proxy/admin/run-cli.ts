// The admin CLI (`npm run admin -- …`), callable in-process for tests. Bad arguments print one
// line and the usage, exit 2; other failures one line, exit 1; nothing is written unless the
// whole command is valid.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, parseConfig } from "../config.js";
import { DataFileError } from "../store/files/data-file.js";
import { createConfiguredProvider } from "../llm/provider-choice.js";
import { CliError } from "./cli-error.js";
import { showModels } from "./models-command.js";
import { addSite, listSites, removeSite, rotateKey, setEnabled, setSite, showSite, type SiteCommandContext } from "./site-commands.js";
import { SITE_OPTIONS, type SiteOptionValues } from "./site-options.js";
import { showUsage } from "./usage-command.js";

export interface CliIo {
  /** Default: DATA_DIR from `env`. */
  dataDir?: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  now?: Date;
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

Settings: --origin URL (repeatable)  --model ID[,ID…][,auto]  --system-prompt TEXT  --rate-limit-per-minute N
          --daily-quota N  --visitor-daily-quota N  --monthly-token-budget N  --groq-key KEY (needs MASTER_KEY)
Every command takes --json. Changes apply to a running proxy within seconds.
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
    if (error instanceof ConfigError || error instanceof DataFileError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<string> {
  const [group, action, ...rest] = argv;
  const afterGroup = argv.slice(1);
  if (group === undefined || group === "help" || group === "--help") return USAGE;
  const config = parseConfig(io.env);
  const base = { dataDir: io.dataDir ?? config.dataDir, masterKey: config.masterKey, now: io.now ?? new Date() };
  if (group === "usage") {
    const { values, id } = parse(afterGroup, { ...JSON_OPTION, days: { type: "string" } }, "usage");
    return showUsage({ ...base, json: values.json === true }, id, values.days as string | undefined);
  }
  if (group === "models") {
    const { values } = parse(afterGroup, JSON_OPTION, "models", false);
    return showModels(config, createConfiguredProvider(config), values.json === true);
  }
  if (group !== "sites") throw new CliError(`Unknown command ${JSON.stringify(group)}.`, 2);
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

function context(base: Omit<SiteCommandContext, "json">, values: Record<string, unknown>): SiteCommandContext {
  return { ...base, json: values.json === true };
}

/** parseArgs, strict; with `needsId`, exactly one positional (the site id). */
function parse(args: string[], options: NonNullable<ParseArgsConfig["options"]>, command: string, needsId = true) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message}`, 2);
  }
  const { values, positionals } = parsed;
  if (!needsId && positionals.length > 0) throw new CliError(`${command}: unexpected ${JSON.stringify(positionals[0])}`, 2);
  if (needsId && positionals.length !== 1) throw new CliError(`${command}: give exactly one site id`, 2);
  return { values: values as Record<string, unknown>, id: positionals[0] ?? "" };
}
