package dev.loupe.rag.embed;

import java.util.List;

/**
 * The tokenizer of an embedding model, seen from the chunkers: how many tokens a text costs and where each
 * token sits in the text. Counts exclude the model's special tokens. Safe to call from several threads.
 */
public interface EmbeddingTokenizer {

    /** Number of tokens the model sees for {@code text}, without special tokens. */
    int countTokens(String text);

    /**
     * The character span of every token of {@code text}, in order. Offsets are UTF-16 indices into {@code text}
     * (as {@link String#substring(int, int)} takes them); several tokens may share a span (one character split in
     * several pieces) and whitespace belongs to no token.
     */
    List<TokenSpan> tokenSpans(String text);
}
