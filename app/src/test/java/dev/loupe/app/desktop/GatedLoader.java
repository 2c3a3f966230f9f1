package dev.loupe.app.desktop;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.lab.ComparisonListener;
import dev.loupe.inference.testing.ForwardingTextGenerator;
import dev.loupe.ui.engine.ModelLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads real models and can hold a generation after its first tokens until the test lets it go, so that a test
 * sees a reply mid-stream and presses Stop at a moment it chose. The model itself is not touched: the hold is in
 * the token listener, on the engine thread, as a slow decode step would be.
 */
final class GatedLoader implements ModelLoader {
    private final ModelLoader real;
    private volatile int holdAfter = -1;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(0);

    GatedLoader(ModelLoader real) {
        this.real = real;
    }

    /** The next generation waits after {@code tokens} tokens until {@link #release}. */
    void holdAfterTokens(int tokens) {
        held = new CountDownLatch(1);
        released = new CountDownLatch(1);
        holdAfter = tokens;
    }

    void awaitHeld() throws InterruptedException {
        if (!held.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the generation did not reach the hold");
        }
    }

    void release() {
        holdAfter = -1;
        released.countDown();
    }

    /** Folders loaded so far, in order. */
    final List<Path> loaded = new CopyOnWriteArrayList<>();
    /** Models closed so far. */
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public TextGenerator load(Path dir) {
        TextGenerator model = real.load(dir);
        loaded.add(dir);
        return new ForwardingTextGenerator(model) {
            @Override
            public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
                return delegate.generate(request, cancel, gate(listener));
            }

            @Override
            public ChatSession openSession() {
                return new ForwardingTextGenerator.Session(delegate.openSession()) {
                    @Override
                    public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
                        return delegate.generate(request, cancel, gate(listener));
                    }
                };
            }

            @Override
            public ModelLab lab() {
                ModelLab lab = delegate.lab();
                // Comparisons stream through per-setting listeners: gate each of them as a generation's listener is.
                return (ModelLab) Proxy.newProxyInstance(ModelLab.class.getClassLoader(), new Class<?>[] {ModelLab.class}, (proxy, method, args) -> {
                    if (method.getName().equals("compare") && args.length == 4) {
                        ComparisonListener listener = (ComparisonListener) args[3];
                        args[3] = (ComparisonListener) index -> gate(listener.run(index));
                    }
                    try {
                        return method.invoke(lab, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
            }

            @Override
            public void close() {
                delegate.close();
                closed.incrementAndGet();
            }
        };
    }

    private TokenListener gate(TokenListener listener) {
        return new TokenListener() {
            private int tokens;

            @Override
            public void onToken(TokenEvent event) {
                listener.onToken(event);
                tokens++;
            }

            @Override
            public void onText(String delta) {
                listener.onText(delta);
                if (holdAfter > 0 && tokens >= holdAfter) {
                    held.countDown();
                    try {
                        released.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }
}
