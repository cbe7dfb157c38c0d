// A site with its own Groq key is answered through a provider holding that key; every other site
// through the proxy's own. Providers are made once per key and kept (a rotated key makes a new one).
import type { Site } from "../sites/site.js";
import type { LlmProvider } from "./provider.js";

export function siteProviders(fallback: LlmProvider, withKey: (apiKey: string) => LlmProvider): (site: Site) => LlmProvider {
  const byKey = new Map<string, LlmProvider>();
  return (site) => {
    if (site.groqKey === undefined) return fallback;
    let provider = byKey.get(site.groqKey);
    if (!provider) byKey.set(site.groqKey, (provider = withKey(site.groqKey)));
    return provider;
  };
}
