package dev.loupe.app.server;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs generation jobs for one model one at a time, in arrival order, on its own thread, with a bounded number
 * waiting. Thread-safe: jobs are offered from the network threads and run on the queue's thread.
 */
public final class GenerationQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationQueue.class);
    /** Weight of the newest job in the running average of job durations (for Retry-After). */
    private static final double AVERAGE_WEIGHT = 0.2;

    /** Work the queue runs; {@link #run} must not throw (it answers its client itself). */
    public interface Job {
        void run();

        /** The job will never run (the queue closed); it answers its client itself. */
        void abandon();
    }

    private final int maxWaiting;
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread worker;
    private Job running;
    private boolean closed;
    private double averageMillis = 1000;

    /** @param maxWaiting jobs that may wait besides the running one (0: accept only when idle) */
    public GenerationQueue(int maxWaiting, String threadName) {
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must be >= 0, got " + maxWaiting);
        }
        this.maxWaiting = maxWaiting;
        this.worker = Thread.ofPlatform().name(threadName).daemon().unstarted(this::work);
        worker.start();
    }

    /**
     * Adds a job unless the queue is full or closed.
     *
     * @return the number of jobs waiting ahead of it, empty when it was refused
     */
    public Optional<Integer> offer(Job job) {
        lock.lock();
        try {
            boolean idle = running == null && waiting.isEmpty();
            if (closed || (!idle && waiting.size() >= maxWaiting)) {
                return Optional.empty();
            }
            int ahead = waiting.size() + (running == null ? 0 : 1);
            waiting.add(job);
            changed.signalAll();
            return Optional.of(ahead);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a job that has not started (its client left); true if it was still waiting. */
    public boolean withdraw(Job job) {
        lock.lock();
        try {
            return waiting.remove(job);
        } finally {
            lock.unlock();
        }
    }

    /** Jobs waiting, not counting the running one. */
    public int waitingJobs() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** A client that was turned away may try again after about this many seconds: the queue's expected drain time. */
    public int retryAfterSeconds() {
        lock.lock();
        try {
            double millis = (waiting.size() + 1) * averageMillis;
            return (int) Math.max(1, Math.min(3600, Math.ceil(millis / 1000)));
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Job job;
            lock.lock();
            try {
                while (waiting.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (closed && waiting.isEmpty()) {
                    return;
                }
                job = waiting.poll();
                running = job;
            } finally {
                lock.unlock();
            }
            long start = System.nanoTime();
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                LOG.error("A generation job failed without answering its client", e);
            }
            lock.lock();
            try {
                running = null;
                averageMillis += AVERAGE_WEIGHT * ((System.nanoTime() - start) / 1e6 - averageMillis);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Refuses new jobs, abandons the waiting ones and waits for the running one to finish (cancel it first if it
     * should not run to its end).
     */
    @Override
    public void close() {
        List<Job> abandoned;
        lock.lock();
        try {
            closed = true;
            abandoned = List.copyOf(waiting);
            waiting.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        abandoned.forEach(Job::abandon);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
