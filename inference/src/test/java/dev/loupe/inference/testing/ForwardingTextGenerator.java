package dev.loupe.inference.testing;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.tokenize.TokenPieces;
import java.util.Set;

/**
 * A real generator seen through a test's hands: every call goes to {@code delegate}; a test overrides the calls it
 * wants to watch or hold (record results, gate a listener, count closes) and nothing else.
 */
public class ForwardingTextGenerator implements TextGenerator {
    protected final TextGenerator delegate;

    public ForwardingTextGenerator(TextGenerator delegate) {
        this.delegate = delegate;
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public int contextTokens() {
        return delegate.contextTokens();
    }

    @Override
    public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
        return delegate.generate(request, cancel, listener);
    }

    @Override
    public ChatSession openSession() {
        return delegate.openSession();
    }

    @Override
    public int[] encode(Prompt prompt) {
        return delegate.encode(prompt);
    }

    @Override
    public String tokenText(int tokenId) {
        return delegate.tokenText(tokenId);
    }

    @Override
    public TokenPieces pieces() {
        return delegate.pieces();
    }

    @Override
    public Set<Integer> stopTokens() {
        return delegate.stopTokens();
    }

    @Override
    public ModelLab lab() {
        return delegate.lab();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** A real session seen the same way: override {@link #generate} to watch its calls. */
    public static class Session implements ChatSession {
        protected final ChatSession delegate;

        public Session(ChatSession delegate) {
            this.delegate = delegate;
        }

        @Override
        public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
            return delegate.generate(request, cancel, listener);
        }

        @Override
        public int cachedTokens() {
            return delegate.cachedTokens();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
