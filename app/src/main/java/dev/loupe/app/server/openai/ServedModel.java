package dev.loupe.app.server.openai;

import dev.loupe.app.server.CompletedRequest;
import dev.loupe.app.server.GenerationQueue;
import dev.loupe.app.server.RunRecorder;
import dev.loupe.app.server.ServerListener;
import dev.loupe.app.storage.conversation.Timings;
import dev.loupe.app.storage.run.Run;
import dev.loupe.app.storage.run.RunSource;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The generation model the API serves, with its queue and where its runs are written. Thread-safe.
 *
 * @param id the model id clients name: the model folder's name
 * @param generator the loaded model (owned by the caller, not closed here)
 * @param queue runs its generations one at a time
 * @param runs writes the runs table
 * @param listener observes requests
 * @param logPrompts whether the runs table keeps the start of each prompt
 * @param constraints the model's compiled output constraints, kept for reuse
 */
record ServedModel(String id, TextGenerator generator, GenerationQueue queue, RunRecorder runs, ServerListener listener,
                   boolean logPrompts, ConstraintCache constraints) {
    ServedModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(constraints, "constraints");
    }

    /** A stable identifier of what answers: Loupe's version and the model, so clients can tell a change. */
    String fingerprint() {
        return "fp_loupe_" + Integer.toHexString((id + "@0.1.0").hashCode() & 0x7fffffff);
    }

    int vocabSize() {
        return generator.info().vocabSize();
    }

    void recordFinished(Instant startedAt, SamplerSettings sampler, long seed, String preview, GenerationResult result) {
        Timings timings = new Timings(result.promptTokens(), result.generatedTokens(), Math.round(result.ttftMillis()),
                finite(result.decodeTokensPerSecond()), result.finishReason());
        runs.record(Run.finished(startedAt, RunSource.API, id, sampler, seed, logPrompts ? preview : "", timings, Optional.empty()));
    }

    /** Records a request that failed; {@code model} is the model the client named (it may not be this one). */
    void recordFailed(Instant startedAt, String model, SamplerSettings sampler, long seed, String preview, int promptTokens, String error) {
        String modelId = model == null || model.isBlank() ? id : model.length() > 200 ? model.substring(0, 200) : model;
        runs.record(Run.failed(startedAt, RunSource.API, modelId, sampler, seed, logPrompts ? preview : "", promptTokens, error));
    }

    void completed(CompletedRequest request) {
        listener.onCompleted(request);
    }

    private static double finite(double value) {
        return Double.isFinite(value) && value >= 0 ? value : 0;
    }
}
