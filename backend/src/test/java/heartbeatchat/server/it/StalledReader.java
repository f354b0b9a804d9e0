package heartbeatchat.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client written by hand on a raw socket with a tiny receive buffer, which logs in and
 * then never reads again: the slowest consumer there is.
 */
final class StalledReader implements AutoCloseable {
    private final Socket socket = new Socket();

    StalledReader(int port, String loginFrame) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("stalled-reader-16".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readHandshake(socket.getInputStream());
        writeMaskedText(out, loginFrame);
    }

    private static void readHandshake(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    /** One client-to-server text frame; clients must mask (RFC 6455 section 5.3). */
    private static void writeMaskedText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("keep the login short");
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        out.write(0x81);
        if (payload.length <= 125) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
