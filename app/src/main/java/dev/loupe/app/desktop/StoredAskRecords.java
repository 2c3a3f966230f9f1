package dev.loupe.app.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.app.storage.JsonFields;
import dev.loupe.app.storage.StorageException;
import dev.loupe.app.storage.ask.H2AskAnswerStore;
import dev.loupe.app.storage.conversation.MessageId;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.search.Highlight;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.RetrieverScore;
import dev.loupe.ui.ask.AskRecord;
import dev.loupe.ui.ask.AskRecordRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's {@link AskRecordRepository} over {@link H2AskAnswerStore}: each record as one JSON document with
 * explicit field names, so renaming a Java component never breaks what earlier versions stored. A record that
 * cannot be read is logged and left out (the answer shows without its sources) instead of failing the
 * conversation.
 */
public final class StoredAskRecords implements AskRecordRepository {
    private static final Logger LOG = LoggerFactory.getLogger(StoredAskRecords.class);

    private final H2AskAnswerStore store;

    public StoredAskRecords(H2AskAnswerStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void save(long messageId, AskRecord record) {
        try {
            store.save(new MessageId(messageId), JsonFields.MAPPER.writeValueAsString(write(record)));
        } catch (JsonProcessingException e) {
            throw new StorageException("The sources of the answer could not be written as JSON.", e);
        }
    }

    @Override
    public Map<Long, AskRecord> find(Collection<Long> messageIds) {
        Map<Long, AskRecord> out = new LinkedHashMap<>();
        store.find(messageIds.stream().map(MessageId::new).toList()).forEach((id, json) -> {
            try {
                out.put(id.value(), read(JsonFields.MAPPER.readTree(json)));
            } catch (JsonProcessingException | RuntimeException e) {
                // Handled here by showing the answer without its sources, so logged here.
                LOG.warn("Ignoring the unreadable sources of message {}: {}", id.value(), e.getMessage());
            }
        });
        return out;
    }

    static ObjectNode write(AskRecord r) {
        ObjectNode o = JsonFields.MAPPER.createObjectNode();
        o.put("question", r.question());
        o.put("mode", r.mode().name());
        o.put("k", r.k());
        ArrayNode collections = o.putArray("collections");
        r.collections().forEach(collections::add);
        r.draft().ifPresent(d -> o.put("draft", d));
        o.put("system", r.systemPrompt());
        o.put("user", r.userPrompt());
        o.put("source_count", r.sourceCount());
        ArrayNode hits = o.putArray("retrieved");
        for (Hit h : r.retrieved()) {
            ObjectNode hit = hits.addObject();
            Passage p = h.passage();
            hit.put("collection", p.collection());
            hit.put("source", p.source());
            hit.put("file_type", p.fileType().name());
            hit.put("title", p.title());
            ArrayNode headings = hit.putArray("heading_path");
            p.headingPath().forEach(headings::add);
            hit.put("page", p.page());
            hit.put("start_char", p.startChar());
            hit.put("end_char", p.endChar());
            hit.put("chunk_index", p.chunkIndex());
            hit.put("text", p.text());
            hit.put("score", h.score());
            h.bm25().ifPresent(s -> score(hit.putObject("bm25"), s));
            h.dense().ifPresent(s -> score(hit.putObject("dense"), s));
            ArrayNode marks = hit.putArray("highlights");
            h.highlights().forEach(m -> marks.addArray().add(m.start()).add(m.end()));
        }
        return o;
    }

    static AskRecord read(JsonNode o) {
        List<String> collections = new ArrayList<>();
        o.path("collections").forEach(c -> collections.add(c.asText()));
        List<Hit> retrieved = new ArrayList<>();
        for (JsonNode hit : o.path("retrieved")) {
            List<String> headings = new ArrayList<>();
            hit.path("heading_path").forEach(h -> headings.add(h.asText()));
            Passage passage = new Passage(text(hit, "collection"), text(hit, "source"),
                    FileType.valueOf(text(hit, "file_type")), text(hit, "title"), headings, hit.path("page").asInt(),
                    hit.path("start_char").asInt(), hit.path("end_char").asInt(), hit.path("chunk_index").asInt(),
                    text(hit, "text"));
            List<Highlight> highlights = new ArrayList<>();
            hit.path("highlights").forEach(m -> highlights.add(new Highlight(m.get(0).asInt(), m.get(1).asInt())));
            retrieved.add(new Hit(passage, hit.path("score").asDouble(), score(hit.get("bm25")),
                    score(hit.get("dense")), highlights));
        }
        return new AskRecord(text(o, "question"), AskMode.valueOf(text(o, "mode")), o.path("k").asInt(),
                collections, Optional.ofNullable(o.get("draft")).map(JsonNode::asText), text(o, "system"),
                text(o, "user"), retrieved, o.path("source_count").asInt());
    }

    private static void score(ObjectNode node, RetrieverScore score) {
        node.put("score", score.score());
        node.put("rank", score.rank());
    }

    private static Optional<RetrieverScore> score(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty()
                : Optional.of(new RetrieverScore(node.path("score").asDouble(), node.path("rank").asInt()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the field " + field + " is missing");
        }
        return value.asText();
    }
}
