package heartbeatchat.server.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client written by hand on a raw socket (RFC 6455), for what no library client sends:
 * fragments, binary and control frames, bytes that are not UTF-8, a reader that stops reading.
 */
final class RawWsClient implements AutoCloseable {
    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** A frame as the server sent it. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF) : 1005;
        }
    }

    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;
    private final String responseHead;

    /**
     * Sends the upgrade request with {@code extraHeaders} (each ending in CRLF) and reads the
     * response head; {@link #upgraded()} tells whether it was a 101.
     */
    RawWsClient(int port, String path, int receiveBufferBytes, String extraHeaders) throws IOException {
        this(port, path, receiveBufferBytes, "127.0.0.1:" + port, extraHeaders);
    }

    /** The same with the {@code Host} header given. */
    RawWsClient(int port, String path, int receiveBufferBytes, String host, String extraHeaders) throws IOException {
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("raw-ws-client-16".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        responseHead = readHead(in);
    }

    /** Upgraded at /ws, or throws. */
    static RawWsClient open(int port) throws IOException {
        return open(port, 64 * 1024);
    }

    private static RawWsClient open(int port, int receiveBufferBytes) throws IOException {
        RawWsClient client = new RawWsClient(port, "/ws", receiveBufferBytes, "");
        if (!client.upgraded()) {
            client.close();
            throw new IOException("upgrade refused: " + client.responseHead());
        }
        return client;
    }

    /**
     * Logs in with a tiny receive buffer and then never reads again: the slowest consumer there is.
     */
    static RawWsClient stalledReader(int port, String loginFrame) throws IOException {
        RawWsClient client = open(port, 4096);
        client.sendText(loginFrame);
        return client;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    boolean upgraded() {
        return responseHead.startsWith("HTTP/1.1 101");
    }

    String responseHead() {
        return responseHead;
    }

    void sendText(String text) throws IOException {
        send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One client-to-server frame, masked as clients must (RFC 6455 section 5.3). */
    void send(int opcode, boolean fin, byte[] payload) throws IOException {
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length <= 125) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame from the server (servers do not mask). */
    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }

    /** Reads until the server's close frame and returns its code. */
    int awaitClose() throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
