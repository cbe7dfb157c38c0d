// The site a CLI command names, or a one-line error saying how to find the ids.
import type { SitesDocument, StoredSite } from "../sites/site.js";
import type { SitesStore } from "../store/store.js";
import { CliError } from "./cli-error.js";

export function findSite(document: SitesDocument, id: string): StoredSite {
  const site = document.sites.find((candidate) => candidate.id === id);
  if (!site) throw new CliError(`No site ${JSON.stringify(id)}; \`sites list\` shows the ids.`);
  return site;
}

/** No sites yet reads as an empty list. */
export async function readSites(sites: SitesStore): Promise<SitesDocument> {
  return (await sites.read()) ?? { sites: [] };
}
