package dev.loupe.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.app.AppPaths;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.answer.AskAnswer;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.answer.AskPipeline;
import dev.loupe.rag.answer.AskRequest;
import dev.loupe.rag.answer.Citation;
import dev.loupe.rag.answer.Source;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.RetrieverScore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loupe ask}: answers a question from indexed collections with numbered sources. The answer streams to
 * stdout, then the numbered sources with file, page and character offsets; {@code --json} prints one object
 * instead, with the retrieved passages and the exact prompt.
 */
@Command(
        name = "ask",
        mixinStandardHelpOptions = true,
        description = {"Answer a question from indexed documents, citing the passages as [1], [2].",
            "Prints the answer, then the numbered sources with file, page and offsets."})
public final class AskCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--collection", required = true, paramLabel = "NAME",
            description = "the collection to search (repeatable)")
    List<String> collections = new ArrayList<>();

    @Option(names = "--mode", description = "plain (search with the question) or hyde (search with a drafted"
            + " answer); default: ${DEFAULT-VALUE}", defaultValue = "plain")
    AskMode mode;

    @Option(names = "--k", description = "passages to retrieve (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int k;

    @Option(names = "--json", description = "print one JSON object: answer, citations, sources, retrieved passages"
            + " with each retriever's score, the prompt and the HyDE draft")
    boolean json;

    @Option(names = "--index-root", hidden = true, description = "the library folder instead of $LOUPE_HOME/index")
    Path indexRoot;

    @Parameters(paramLabel = "QUESTION", description = "the question")
    String question;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = indexRoot != null ? indexRoot : AppPaths.fromEnvironment().indexes();
        try (OnnxBgeEmbedder embedder = OnnxBgeEmbedder.load();
                DocumentLibrary library = DocumentLibrary.open(root, embedder)) {
            for (String name : collections) {
                if (library.collection(name).isEmpty()) {
                    throw new IllegalArgumentException("There is no collection " + name
                            + "; create it with loupe index --collection " + name + " FOLDER.");
                }
            }
            AskRequest request = new AskRequest(question, k, mode,
                    new SearchFilter(Set.copyOf(collections), Set.of()), sampling.request(Prompt.text(question)));
            try (TextGenerator generator = JlamaTextGenerator.load(model.resolve())) {
                CancellationToken cancel = new CancellationToken();
                Thread hook = new Thread(cancel::cancel);
                Runtime.getRuntime().addShutdownHook(hook);
                AskAnswer answer = new AskPipeline(library.searcher(), generator)
                        .ask(request, cancel, json ? TokenListener.NONE : streaming(out));
                Runtime.getRuntime().removeShutdownHook(hook);
                if (json) {
                    out.println(JSON.writeValueAsString(json(answer, mode)));
                } else {
                    out.println();
                    printSources(out, answer);
                }
                out.flush();
            }
            return 0;
        } catch (LoupeException | IllegalArgumentException e) {
            err.println("ask: " + e.getMessage());
            return 1;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenListener streaming(PrintWriter out) {
        return new TokenListener() {
            @Override
            public void onToken(TokenEvent event) {}

            @Override
            public void onText(String delta) {
                out.print(delta);
                out.flush();
            }
        };
    }

    private static void printSources(PrintWriter out, AskAnswer answer) {
        Set<Integer> cited = cited(answer);
        out.println();
        if (answer.sources().isEmpty()) {
            out.println("No passages were found; the answer is not grounded in any source.");
            return;
        }
        out.println("Sources:");
        for (Source s : answer.sources()) {
            Passage p = s.passage();
            out.printf(Locale.ROOT, "[%d] %s%s chars %d-%d%s%n", s.number(), p.source(),
                    p.page() > 0 ? " p. " + p.page() : "", p.startChar(), p.endChar(),
                    cited.contains(s.number()) ? " (cited)" : "");
        }
        int left = answer.retrieved().size() - answer.sources().size();
        if (left > 0) {
            out.printf(Locale.ROOT, "(%d more retrieved passages did not fit the model's context)%n", left);
        }
        for (Citation c : answer.citations()) {
            if (!c.valid()) {
                out.printf(Locale.ROOT, "The answer cites [%d], which is not a source.%n", c.number());
            }
        }
    }

    private static Set<Integer> cited(AskAnswer answer) {
        Set<Integer> numbers = new LinkedHashSet<>();
        answer.citations().stream().filter(Citation::valid).forEach(c -> numbers.add(c.number()));
        return numbers;
    }

    /** The {@code --json} object. */
    static Map<String, Object> json(AskAnswer a, AskMode mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("question", a.question());
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("answer", a.text());
        m.put("citations", a.citations().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("number", c.number());
            cm.put("valid", c.valid());
            cm.put("answer_start", c.answerStart());
            cm.put("answer_end", c.answerEnd());
            return cm;
        }).toList());
        Set<Integer> cited = cited(a);
        m.put("sources", a.sources().stream().map(s -> {
            Map<String, Object> sm = passage(s.passage());
            sm.put("number", s.number());
            sm.put("cited", cited.contains(s.number()));
            return sm;
        }).toList());
        m.put("retrieved", a.retrieved().stream().map(AskCommand::hit).toList());
        Map<String, Object> prompt = new LinkedHashMap<>();
        prompt.put("system", a.prompt().system());
        prompt.put("user", a.prompt().user());
        m.put("prompt", prompt);
        m.put("draft", a.draft().orElse(null));
        m.put("finish_reason", a.result().finishReason().name().toLowerCase(Locale.ROOT));
        m.put("generated_tokens", a.result().generatedTokens());
        m.put("seed", a.result().seed());
        return m;
    }

    private static Map<String, Object> passage(Passage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collection", p.collection());
        m.put("file", p.source());
        m.put("page", p.page());
        m.put("start_char", p.startChar());
        m.put("end_char", p.endChar());
        m.put("heading_path", p.headingPath());
        m.put("text", p.text());
        return m;
    }

    private static Map<String, Object> hit(Hit h) {
        Map<String, Object> m = passage(h.passage());
        m.put("score", h.score());
        m.put("bm25", score(h.bm25()));
        m.put("dense", score(h.dense()));
        return m;
    }

    private static Map<String, Object> score(Optional<RetrieverScore> s) {
        if (s.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", s.get().score());
        m.put("rank", s.get().rank());
        return m;
    }
}
