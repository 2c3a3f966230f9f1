/**
 * Text to vectors: the {@link dev.loupe.rag.embed.Embedder} role (batch embedding plus the model's own tokenizer
 * for counting chunk sizes) and its default implementation, bge-small-en-v1.5 on ONNX Runtime, in process and
 * offline.
 */
package dev.loupe.rag.embed;
