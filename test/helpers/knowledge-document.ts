// Puts a whole knowledge document in a store, as the admin CLI would leave it.
import type { KnowledgeDocument, KnowledgeStore } from "../../proxy/knowledge/knowledge-store.js";

export function saveKnowledge(store: KnowledgeStore, siteId: string, document: KnowledgeDocument): Promise<void> {
  return store.change(siteId, async (stored) => {
    stored.sources = document.sources;
    stored.pages = document.pages;
  });
}
