/**
 * Grounded answers without calling a model here: prompts with numbered sources, citation parsing back to file,
 * page and offsets, and HyDE retrieval with a drafting function the caller provides.
 */
package dev.loupe.rag.answer;
