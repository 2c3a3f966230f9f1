package dev.loupe.app.server.http;

/**
 * Sizes and times that bound what one client can make the server hold.
 *
 * @param maxBodyBytes largest request body; larger bodies are answered with 413 without being read into memory
 * @param maxHeaderBytes largest request line plus headers; larger ones are answered with 431
 * @param maxPipelinedRequests requests one connection may send ahead of the response it is waiting for
 * @param idleTimeoutSeconds a connection with no request in progress and no traffic for this long is closed
 * @param stalledWriteTimeoutSeconds a streaming response whose client reads nothing for this long is abandoned
 */
public record HttpLimits(int maxBodyBytes, int maxHeaderBytes, int maxPipelinedRequests, int idleTimeoutSeconds,
                         int stalledWriteTimeoutSeconds) {
    public HttpLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024, got " + maxHeaderBytes);
        }
        if (maxPipelinedRequests < 0 || idleTimeoutSeconds < 1 || stalledWriteTimeoutSeconds < 1) {
            throw new IllegalArgumentException("pipelined requests must be >= 0 and timeouts >= 1 second");
        }
    }
}
