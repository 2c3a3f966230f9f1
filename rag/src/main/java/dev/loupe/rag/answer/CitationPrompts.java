package dev.loupe.rag.answer;

import dev.loupe.rag.search.Hit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds prompts that make a model answer from numbered sources and cite them, and reads the citations back out
 * of its answer. No model is called here. Stateless and thread-safe.
 */
public final class CitationPrompts {
    private static final Pattern GROUP = Pattern.compile("\\[(\\s*\\d+\\s*(?:(?:,|;|-|–)\\s*\\d+\\s*)*)]");
    private static final Pattern ITEM = Pattern.compile("(\\d+)\\s*(?:(-|–)\\s*(\\d+))?");
    private static final int MAX_RANGE = 50; // "[1-1000]" is not a citation worth expanding

    static final String INSTRUCTIONS = """
            Answer the question using only the numbered sources below.
            After every sentence that uses a source, cite it with its number in square brackets, like [1] or [2][3].
            Cite only numbers that appear below. If the sources do not contain the answer, say so plainly instead \
            of guessing.""";

    private CitationPrompts() {}

    /**
     * Numbers the hits from 1 in the given order and builds the prompt. Each source shows its file, page and
     * heading path, so the model can mention them, and its text.
     *
     * @param question the user's question
     * @param hits the passages to ground the answer in, best first
     */
    public static SourcedPrompt build(String question, List<Hit> hits) {
        List<Source> sources = new ArrayList<>(hits.size());
        StringBuilder user = new StringBuilder("Sources:\n\n");
        for (int i = 0; i < hits.size(); i++) {
            Source source = new Source(i + 1, hits.get(i).passage());
            sources.add(source);
            user.append('[').append(source.number()).append("] ").append(source.passage().location()).append('\n')
                    .append(source.passage().text().strip()).append("\n\n");
        }
        if (hits.isEmpty()) {
            user.append("(no sources were found)\n\n");
        }
        user.append("Question: ").append(question.strip());
        return new SourcedPrompt(INSTRUCTIONS, user.toString(), sources);
    }

    /**
     * Finds the citations in {@code answer}: {@code [1]}, {@code [1, 3]}, {@code [2-4]} (a range cites each
     * number), in order of appearance. Numbers the prompt did not give come back with an empty source so a UI can
     * flag them.
     */
    public static List<Citation> parse(String answer, List<Source> sources) {
        Map<Integer, Source> byNumber = new TreeMap<>();
        sources.forEach(s -> byNumber.put(s.number(), s));
        List<Citation> out = new ArrayList<>();
        Matcher group = GROUP.matcher(answer);
        while (group.find()) {
            Matcher item = ITEM.matcher(group.group(1));
            while (item.find()) {
                int from = Integer.parseInt(item.group(1));
                int to = item.group(3) == null ? from : Integer.parseInt(item.group(3));
                if (to < from || to - from > MAX_RANGE) {
                    to = from;
                }
                for (int n = from; n <= to; n++) {
                    out.add(new Citation(n, Optional.ofNullable(byNumber.get(n)), group.start(), group.end()));
                }
            }
        }
        return out;
    }

    /** The distinct sources an answer cites, in order of first citation. */
    public static List<Source> citedSources(String answer, List<Source> sources) {
        Map<Integer, Source> seen = new LinkedHashMap<>();
        for (Citation c : parse(answer, sources)) {
            c.source().ifPresent(s -> seen.putIfAbsent(s.number(), s));
        }
        return List.copyOf(seen.values());
    }

}
