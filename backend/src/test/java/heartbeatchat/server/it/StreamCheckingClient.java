package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A WebSocket client on a raw socket that checks every byte the server sends (RFC 6455): each frame
 * well formed (no reserved bits, a known opcode, unmasked, the shortest length encoding, control
 * frames whole and at most 125 bytes), each text frame UTF-8 and one JSON object, a close frame's
 * code and reason well formed, and nothing at all after the close frame. What it found wrong is kept
 * in {@link #problems}; the messages it got, in {@link #messages}. {@link #run} reads until the
 * stream ends; {@link #send} may be called from another thread meanwhile.
 */
final class StreamCheckingClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final String name;
    /** The {@code data} of every chat message received, in order. */
    final List<String> messages = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<byte[]> pongs = new ArrayList<>();
    /** The close code the server sent, or -1. */
    volatile int closeCode = -1;
    volatile boolean loggedIn;

    /** @param tls null for a plain connection, else the TLS to speak (the tests trust the server's own certificate) */
    StreamCheckingClient(int port, String name, SSLContext tls) throws IOException {
        this.name = name;
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        if (tls == null) {
            socket = plain;
        } else {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
            secure.startHandshake();
            socket = secure;
        }
        socket.setSoTimeout(30_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: c3RyZXNzLWNsaWVudC0xNg==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(name + ": closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException(name + ": upgrade refused: " + head);
        }
    }

    /** One frame, masked as a client's must be; several threads may send. */
    synchronized void send(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(frame(opcode, fin, payload, true));
        out.flush();
    }

    /** What a broken client sends: a frame without the mask a client's frame must have. */
    synchronized void sendUnmasked(int opcode, byte[] payload) throws IOException {
        out.write(frame(opcode, true, payload, false));
        out.flush();
    }

    private static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
        byte[] mask = {0x5a, 0x17, 0x3c, 0x61};
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            f.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            f.write(maskBit | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        if (masked) {
            f.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
        }
        return f.toByteArray();
    }

    /**
     * Reads and checks frames until the stream ends, the close frame and what follows it included.
     * Returns normally however the connection ended; what was wrong is in {@link #problems}.
     */
    void run() {
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    problem("the stream ended without a close frame");
                    return;
                }
                if (!readFrame(b0)) {
                    break; // the close frame
                }
            }
            int after = in.read();
            if (after >= 0) {
                problem("a byte after the close frame: 0x" + Integer.toHexString(after));
            }
        } catch (SocketTimeoutException e) {
            problem("nothing for 30 s (" + (closeCode < 0 ? "no close frame" : "after the close frame") + ")");
        } catch (SocketException | SSLException e) {
            // a reset once the server has closed: no byte was read after the close frame
            if (closeCode < 0) {
                problem("the connection was reset before a close frame: " + e.getMessage());
            }
        } catch (EOFException e) {
            problem("the stream ended inside a frame");
        } catch (IOException e) {
            problem("reading failed: " + e);
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** Reads one frame after its first byte; false once it was the close frame. */
    private boolean readFrame(int b0) throws IOException {
        int b1 = in.readUnsignedByte();
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            problem("reserved bits set: first byte 0x" + Integer.toHexString(b0));
        }
        if ((b1 & 0x80) != 0) {
            problem("a server frame is masked");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
            if (length < 126) {
                problem("length " + length + " in the 16-bit form");
            }
        } else if (length == 127) {
            length = in.readLong();
            if (length < 65_536) {
                problem("length " + length + " in the 64-bit form");
            }
        }
        if (length > 16 * 1024 * 1024 || length < 0) {
            problem("a frame of " + length + " bytes");
            throw new IOException("implausible frame length " + length);
        }
        if ((b1 & 0x80) != 0) {
            in.readInt(); // the mask, already reported
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        switch (opcode) {
            case TEXT -> {
                if (!fin) {
                    problem("a fragmented text frame (the server sends every message whole)");
                }
                text(payload);
            }
            case PING -> control(fin, payload, "ping");
            case PONG -> {
                control(fin, payload, "pong");
                synchronized (pongs) {
                    pongs.add(payload);
                }
            }
            case CLOSE -> {
                control(fin, payload, "close");
                close(payload);
                return false;
            }
            default -> problem("opcode " + opcode + (opcode == BINARY ? " (binary)" : " (not defined)"));
        }
        return true;
    }

    private void control(boolean fin, byte[] payload, String kind) {
        if (!fin || payload.length > 125) {
            problem("a " + kind + " frame " + (fin ? "" : "fragmented ") + "of " + payload.length + " bytes");
        }
    }

    private void close(byte[] payload) {
        if (payload.length == 1) {
            problem("a close frame with a one-byte payload");
            closeCode = 1005;
            return;
        }
        closeCode = payload.length == 0 ? 1005 : (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        if (closeCode < 1000 || closeCode == 1004 || closeCode == 1005 || closeCode == 1006 || closeCode == 1015
                || (closeCode > 1015 && closeCode < 3000) || closeCode > 4999) {
            problem("close code " + closeCode + " may not be sent");
        }
        if (payload.length > 2 && utf8(Arrays.copyOfRange(payload, 2, payload.length)) == null) {
            problem("a close reason that is not UTF-8");
        }
    }

    private void text(byte[] payload) {
        String text = utf8(payload);
        if (text == null) {
            problem("a text frame that is not UTF-8: " + new String(payload, StandardCharsets.ISO_8859_1));
            return;
        }
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (IOException e) {
            problem("a text frame that is not JSON: " + text);
            return;
        }
        if (o == null || !o.isObject() || !o.path("type").isTextual()) {
            problem("a text frame that is not a typed JSON object: " + text);
            return;
        }
        switch (o.path("type").asText()) {
            case "login" -> loggedIn = true;
            case "message" -> {
                synchronized (messages) {
                    messages.add(o.path("data").asText());
                }
            }
            default -> {
                // presence and the rest: well formed is all this client asks
            }
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void problem(String what) {
        synchronized (problems) {
            problems.add(name + ": " + what);
        }
    }

    List<String> messagesSnapshot() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
