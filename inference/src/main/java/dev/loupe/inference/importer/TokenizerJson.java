package dev.loupe.inference.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Hugging Face {@code tokenizer.json} that makes a BPE tokenizer ranked by merges (Jlama's
 * {@code BPETokenizer}, Hugging Face {@code tokenizers}) split text as llama2.c's SentencePiece-style encoder does.
 *
 * <p>llama2.c prepends a space, starts from one token per code point (bytes for code points not in the
 * vocabulary) and then repeatedly merges the adjacent pair whose concatenation is the best-scoring piece. A
 * rank-based BPE merges the adjacent pair with the lowest merge rank instead. Listing, for every ordinary piece,
 * every split into two ordinary pieces, ordered by the piece's score (highest first), makes both pick the same
 * pair, because a pair is mergeable in either exactly when its concatenation is a piece. The one case this cannot
 * express: two different splits of the same piece competing in one word (as in "ab|a|ba" for the piece "aba"),
 * where llama2.c takes the leftmost and a rank-based BPE the lower rank; equal scores of different pieces are
 * likewise resolved by id rather than position. Neither occurs in the tokenizers llama2.c ships.
 */
final class TokenizerJson {
    private TokenizerJson() {
    }

    /** llama2.c's encoder starts its search for the best pair from this score and only takes strictly better ones. */
    private static final float LLAMA2C_LOWEST_SCORE = -1e10f;

    /** One merge: {@code left + right} is the piece {@code resultId}. */
    record Merge(String left, String right, int resultId) {
    }

    /**
     * Every way to build an ordinary piece from two ordinary pieces, best-scoring result first; ties go to the
     * lower id, then to the shorter left part. Pieces are in Hugging Face spelling (▁ for space).
     */
    static List<Merge> merges(Llama2cVocabulary vocabulary) {
        Map<String, Integer> ordinary = new HashMap<>();
        for (int id = Llama2cVocabulary.FIRST_ORDINARY_TOKEN; id < vocabulary.size(); id++) {
            ordinary.put(vocabulary.huggingFacePiece(id), id);
        }
        float[] scores = vocabulary.scores();
        List<Merge> merges = new ArrayList<>();
        for (int id = Llama2cVocabulary.FIRST_ORDINARY_TOKEN; id < vocabulary.size(); id++) {
            if (!(scores[id] > LLAMA2C_LOWEST_SCORE)) {
                continue; // llama2.c never merges into such a piece (this also skips NaN)
            }
            String piece = vocabulary.huggingFacePiece(id);
            // Split only between code points: llama2.c's initial tokens are whole code points.
            for (int split = piece.offsetByCodePoints(0, 1); split < piece.length(); split = piece.offsetByCodePoints(split, 1)) {
                String left = piece.substring(0, split);
                String right = piece.substring(split);
                if (ordinary.containsKey(left) && ordinary.containsKey(right)) {
                    merges.add(new Merge(left, right, id));
                }
            }
        }
        // "+ 0f" turns -0.0 into 0.0: llama2.c compares scores with >, for which the two are equal.
        merges.sort(Comparator.comparingDouble((Merge m) -> -(scores[m.resultId()] + 0f))
                .thenComparingInt(Merge::resultId)
                .thenComparingInt(m -> m.left().length()));
        return merges;
    }

    /** The complete {@code tokenizer.json} document. */
    static ObjectNode build(Llama2cVocabulary vocabulary, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");

        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < Llama2cVocabulary.FIRST_BYTE_TOKEN; id++) {
            added.addObject()
                    .put("id", id)
                    .put("content", vocabulary.huggingFacePiece(id))
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }

        // SentencePiece's dummy prefix and its visible space, as in the tokenizer.json of Llama 2.
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", Llama2cVocabulary.SPACE_MARK);
        normalizers.addObject().put("type", "Replace").put("content", Llama2cVocabulary.SPACE_MARK)
                .putObject("pattern").put("String", " ");
        root.putNull("pre_tokenizer");

        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        String bos = vocabulary.huggingFacePiece(Llama2cVocabulary.BOS);
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bosEntry = post.putObject("special_tokens").putObject(bos);
        bosEntry.put("id", bos);
        bosEntry.putArray("ids").add(Llama2cVocabulary.BOS);
        bosEntry.putArray("tokens").add(bos);

        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        decoders.addObject().put("type", "Replace").put("content", " ")
                .putObject("pattern").put("String", Llama2cVocabulary.SPACE_MARK);
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);

        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", vocabulary.huggingFacePiece(Llama2cVocabulary.UNK));
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.huggingFacePiece(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        for (Merge merge : merges(vocabulary)) {
            merges.addArray().add(merge.left()).add(merge.right());
        }
        return root;
    }
}
