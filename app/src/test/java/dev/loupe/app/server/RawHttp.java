package dev.loupe.app.server;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 written by hand on a socket, for what a client library hides: closing mid-stream, pipelining, odd headers. */
final class RawHttp implements Closeable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    record Head(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RawHttp(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(60_000); // a safety net for a broken server, not a speed assertion
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    static String post(String path, String json, String... headers) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (headers.length == 0 || java.util.Arrays.stream(headers).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type"))) {
            request.append("Content-Type: application/json\r\n");
        }
        return request.append("Content-Length: ").append(body.length).append("\r\n\r\n").append(json).toString();
    }

    static String get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        boolean host = false;
        for (String header : headers) {
            request.append(header).append("\r\n");
            host |= header.toLowerCase(Locale.ROOT).startsWith("host:");
        }
        if (!host) {
            request.append("Host: 127.0.0.1\r\n");
        }
        return request.append("\r\n").toString();
    }

    void send(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Head head() throws IOException {
        String status = in.readLine();
        if (status == null) {
            throw new IOException("the server closed the connection");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers);
    }

    /** The body of a response with Content-Length (the APIs JSON answers). */
    String body(Head head) throws IOException {
        int length = Integer.parseInt(head.header("content-length"));
        char[] chars = new char[length];
        int read = 0;
        while (read < length) { // JSON bodies are ASCII-only here (Jackson escapes nothing else in these tests)
            int n = in.read(chars, read, length - read);
            if (n < 0) {
                throw new IOException("body cut short");
            }
            read += n;
        }
        return new String(chars);
    }

    /** The next line of a chunked event stream that carries an event ({@code data: ...}). */
    String nextEvent() throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
