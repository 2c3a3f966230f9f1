package dev.loupe.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A retrieval benchmark in the BEIR layout: a corpus ({@code {"_id","title","text"}} per line, optionally gzipped),
 * queries ({@code {"_id","text"}} per line) and relevance judgments ({@code query-id TAB corpus-id TAB score}, with a
 * header line). Only queries with at least one judgment are kept.
 *
 * @param corpus documents in file order
 * @param queries queries with judgments, in file order
 * @param qrels graded relevance: query id to (document id to grade > 0)
 */
public record BeirDataset(List<BeirDocument> corpus, List<BeirQuery> queries, Map<String, Map<String, Integer>> qrels) {
    public BeirDataset {
        corpus = List.copyOf(corpus);
        queries = List.copyOf(queries);
        qrels = Map.copyOf(qrels);
    }

    /** A corpus document. */
    public record BeirDocument(String id, String title, String text) {
        public BeirDocument {
            Objects.requireNonNull(id, "id");
            title = title == null ? "" : title;
            text = text == null ? "" : text;
        }
    }

    /** A query. */
    public record BeirQuery(String id, String text) {
        public BeirQuery {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Reads the three files.
     *
     * @throws IllegalArgumentException naming the file and line when one is malformed
     * @throws IOException when a file cannot be read
     */
    public static BeirDataset load(Path corpusFile, Path queriesFile, Path qrelsFile) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<BeirDocument> corpus = loadCorpus(corpusFile);
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        readLines(qrelsFile, (line, n) -> {
            String[] cols = line.split("\t");
            if (n == 1 && cols.length >= 2 && cols[0].equals("query-id")) {
                return; // header
            }
            if (cols.length < 3) {
                throw new IllegalArgumentException(qrelsFile + " line " + n + " needs query-id, corpus-id and score"
                        + " separated by tabs.");
            }
            int grade;
            try {
                grade = Integer.parseInt(cols[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(qrelsFile + " line " + n + " has a score that is not a whole"
                        + " number: " + cols[2], e);
            }
            if (grade > 0) {
                qrels.computeIfAbsent(cols[0].trim(), q -> new HashMap<>()).put(cols[1].trim(), grade);
            }
        });
        List<BeirQuery> queries = new ArrayList<>();
        readLines(queriesFile, (line, n) -> {
            JsonNode node = parse(json, queriesFile, line, n);
            String id = required(node, "_id", queriesFile, n);
            if (qrels.containsKey(id)) {
                queries.add(new BeirQuery(id, node.path("text").asText("")));
            }
        });
        return new BeirDataset(corpus, queries, qrels);
    }

    /**
     * Reads a corpus file alone ({@code corpus.jsonl} or {@code .jsonl.gz}: {@code _id}, {@code title}, {@code text}).
     *
     * @throws IllegalArgumentException naming the line when one is malformed
     * @throws IOException when the file cannot be read
     */
    public static List<BeirDocument> loadCorpus(Path corpusFile) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<BeirDocument> corpus = new ArrayList<>();
        readLines(corpusFile, (line, n) -> {
            JsonNode node = parse(json, corpusFile, line, n);
            corpus.add(new BeirDocument(required(node, "_id", corpusFile, n), node.path("title").asText(""),
                    node.path("text").asText("")));
        });
        return corpus;
    }

    /**
     * A smaller dataset: the documents kept by {@code keepDocument}, and the queries all of whose relevant documents
     * were kept (so scores stay comparable in kind to the full set).
     */
    public BeirDataset subset(Predicate<BeirDocument> keepDocument) {
        List<BeirDocument> docs = corpus.stream().filter(keepDocument).toList();
        Set<String> ids = new HashSet<>(docs.stream().map(BeirDocument::id).toList());
        List<BeirQuery> qs = queries.stream()
                .filter(q -> ids.containsAll(qrels.get(q.id()).keySet()))
                .toList();
        Map<String, Map<String, Integer>> judgments = new HashMap<>();
        qs.forEach(q -> judgments.put(q.id(), qrels.get(q.id())));
        return new BeirDataset(docs, qs, judgments);
    }

    private interface LineHandler {
        void accept(String line, int number) throws IOException;
    }

    private static void readLines(Path file, LineHandler handler) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    handler.accept(line, n);
                }
            }
        }
    }

    private static JsonNode parse(ObjectMapper json, Path file, String line, int n) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " line " + n + " is not valid JSON.", e);
        }
    }

    private static String required(JsonNode node, String field, Path file, int n) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(file + " line " + n + " has no \"" + field + "\" field.");
        }
        return value.asText();
    }
}
