// Entry point of `npm run admin` (dist/proxy/admin/cli.js).
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
