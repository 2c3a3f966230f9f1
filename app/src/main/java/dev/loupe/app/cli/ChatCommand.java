package dev.loupe.app.cli;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "chat", description = "Multi-turn chat in the terminal; each turn reuses the KV cache of the conversation so far.")
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--system", description = "System prompt.")
    String system;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<ChatMessage> conversation = new ArrayList<>();
        if (system != null && !system.isBlank()) {
            conversation.add(ChatMessage.system(system));
        }
        try (TextGenerator generator = JlamaTextGenerator.load(model.resolve()); ChatSession session = generator.openSession()) {
            err.println("Chatting with " + generator.info().name() + ". An empty line or end of input quits.");
            while (true) {
                out.print("you> ");
                out.flush();
                String line = in.readLine();
                if (line == null || line.isBlank()) {
                    break;
                }
                conversation.add(ChatMessage.user(line));
                out.print("model> ");
                GenerationResult result = session.generate(sampling.request(Prompt.chat(conversation)), CancellationToken.none(), new TokenListener() {
                    @Override
                    public void onToken(TokenEvent event) {}

                    @Override
                    public void onText(String delta) {
                        out.print(delta);
                        out.flush();
                    }
                });
                out.println();
                conversation.add(ChatMessage.assistant(result.text()));
                err.printf("[ttft %.0f ms · prefilled %d new of %d prompt tokens (%d reused from cache) · %d tokens · %.1f tok/s]%n",
                        result.ttftMillis(), result.promptTokens() - result.reusedPromptTokens(), result.promptTokens(),
                        result.reusedPromptTokens(), result.generatedTokens(), result.decodeTokensPerSecond());
                err.flush();
            }
        }
        return 0;
    }
}
