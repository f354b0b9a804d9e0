package heartbeatchat.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSocket client connections on one selector thread, written against RFC 6455 directly:
 * java.net.http cannot bind a source address on Java 17, and one thread per socket would measure
 * the load generator instead of the server. Every callback and every {@link Conn} method runs on
 * the engine thread; other threads hand work in with {@link #execute}.
 */
final class LoadEngine implements AutoCloseable {
    /** What a connection reports. Text frames arrive as bytes, undecoded, to keep the generator cheap. */
    interface Handler {
        void onOpen(Conn c);

        /**
         * A text message in {@code frame[offset, offset + length)}, valid only during the call;
         * {@code receivedAt} is {@link System#nanoTime()} when the read that completed it returned
         * (one clock reading per read, shared by every frame in it).
         */
        void onText(Conn c, byte[] frame, int offset, int length, long receivedAt);

        /** The connection ended: a close frame's code, 1006 for a broken socket or refused connect. */
        void onClosed(Conn c, int code);
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Every read lands here; only the bytes of an unfinished frame are kept per connection. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private static final byte[] EMPTY = new byte[0];
    private volatile boolean running = true;
    private long timerSeq;

    LoadEngine() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, "load-engine");
        thread.setDaemon(true);
        thread.start();
    }

    private record Timer(long dueNanos, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Engine thread only. */
    void schedule(Runnable task, long delayMillis) {
        timers.add(new Timer(System.nanoTime() + delayMillis * 1_000_000, timerSeq++, task));
    }

    /** Engine thread only: opens a connection from {@code local} to the server's path. */
    Conn connect(InetAddress local, InetSocketAddress server, String path, Handler handler) {
        Conn c = new Conn(handler, server, path);
        try {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress(local, 0));
            c.channel = ch;
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            if (ch.connect(server)) {
                onConnectable(c);
            }
        } catch (IOException e) {
            c.fail(1006);
        }
        return c;
    }

    private void loop() {
        while (running) {
            try {
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    r.run();
                }
                long now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().dueNanos <= now) {
                    timers.poll().task.run();
                }
                long waitMillis = timers.isEmpty() ? 100
                        : Math.max(1, (timers.peek().dueNanos - System.nanoTime()) / 1_000_000);
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else {
                    selector.select(Math.min(waitMillis, 100));
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        onConnectable(c);
                    } else {
                        if (key.isReadable()) {
                            c.read();
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.flush();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void onConnectable(Conn c) {
        try {
            if (!c.channel.finishConnect()) {
                return;
            }
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET " + c.path + " HTTP/1.1\r\nHost: " + c.server.getHostString() + ":" + c.server.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            c.key.interestOps(SelectionKey.OP_READ);
            c.queue(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            c.fail(1006);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // shutting down
        }
    }

    /** One client connection. */
    final class Conn {
        private final Handler handler;
        private final InetSocketAddress server;
        private final String path;
        private SocketChannel channel;
        private SelectionKey key;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private boolean upgraded;
        private boolean closed;
        /** The bytes of an unfinished frame or handshake, between reads. */
        private byte[] in = EMPTY;
        private int inLength;
        /** The fragments of an unfinished message. */
        private byte[] message = EMPTY;
        private int messageLength;
        /** Free for the workload's own per-connection state. */
        Object attachment;

        Conn(Handler handler, InetSocketAddress server, String path) {
            this.handler = handler;
            this.server = server;
            this.path = path;
        }

        boolean isOpen() {
            return upgraded && !closed;
        }

        /** Sends one masked text frame, as clients must. */
        void send(String text) {
            if (!isOpen()) {
                return;
            }
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int n = payload.length;
            int header = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10;
            ByteBuffer b = ByteBuffer.allocate(header + 4 + n);
            b.put((byte) 0x81);
            if (n <= 125) {
                b.put((byte) (0x80 | n));
            } else if (n <= 0xFFFF) {
                b.put((byte) (0x80 | 126)).putShort((short) n);
            } else {
                b.put((byte) (0x80 | 127)).putLong(n);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            b.putInt(mask);
            byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
            for (int i = 0; i < n; i++) {
                b.put((byte) (payload[i] ^ m[i & 3]));
            }
            b.flip();
            queue(b);
        }

        /**
         * Drops the socket without a close handshake, like a client whose network is gone. It
         * resets the connection (linger 0) rather than closing it, so no port waits in TIME_WAIT
         * for a minute: tens of thousands of those slow down the binds and connects of the next
         * workload, and would favour whichever server runs later.
         */
        void abort() {
            if (!closed) {
                closed = true;
                try {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                    channel.close();
                } catch (IOException ignored) {
                    // gone anyway
                }
            }
        }

        private void queue(ByteBuffer b) {
            out.add(b);
            flush();
        }

        private void flush() {
            try {
                while (!out.isEmpty()) {
                    ByteBuffer head = out.peek();
                    channel.write(head);
                    if (head.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                    out.poll();
                }
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                fail(1006);
            }
        }

        private void read() {
            try {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                long readAt = System.nanoTime();
                if (n < 0) {
                    fail(1006);
                    return;
                }
                byte[] buf = readBuffer.array();
                int len = n;
                if (inLength > 0) {
                    in = ensure(in, inLength + n);
                    System.arraycopy(buf, 0, in, inLength, n);
                    buf = in;
                    len = inLength + n;
                }
                int consumed = upgraded ? parseFrames(buf, 0, len, readAt) : parseHandshake(buf, len, readAt);
                int rest = closed ? 0 : len - consumed;
                if (rest > 0) {
                    in = ensure(buf == in ? in : EMPTY, rest);
                    System.arraycopy(buf, consumed, in, 0, rest);
                } else {
                    in = EMPTY;
                }
                inLength = rest;
            } catch (IOException e) {
                fail(1006);
            }
        }

        private static byte[] ensure(byte[] b, int size) {
            return size <= b.length ? b : java.util.Arrays.copyOf(b, Math.max(size, b.length * 2));
        }

        /** Parses the HTTP response head and any frames after it; returns the bytes consumed. */
        private int parseHandshake(byte[] b, int len, long readAt) {
            for (int i = 3; i < len; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    String head = new String(b, 0, i + 1, StandardCharsets.US_ASCII);
                    if (!head.startsWith("HTTP/1.1 101")) {
                        fail(1006);
                        return len;
                    }
                    upgraded = true;
                    handler.onOpen(this);
                    return closed ? len : parseFrames(b, i + 1, len, readAt);
                }
            }
            return 0;
        }

        /** Parses whole frames from {@code b[from, len)}, read at {@code readAt}; returns where the unparsed bytes start. */
        private int parseFrames(byte[] b, int from, int len, long readAt) {
            int pos = from;
            while (!closed && len - pos >= 2) {
                int b0 = b[pos] & 0xFF;
                int b1 = b[pos + 1] & 0xFF;
                int opcode = b0 & 0x0F;
                boolean fin = (b0 & 0x80) != 0;
                long frameLength = b1 & 0x7F;
                int header = 2;
                if (frameLength == 126) {
                    if (len - pos < 4) {
                        break;
                    }
                    frameLength = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
                    header = 4;
                } else if (frameLength == 127) {
                    if (len - pos < 10) {
                        break;
                    }
                    frameLength = 0;
                    for (int i = 2; i < 10; i++) {
                        frameLength = (frameLength << 8) | (b[pos + i] & 0xFF);
                    }
                    header = 10;
                }
                if (len - pos < header + frameLength) {
                    break;
                }
                int start = pos + header;
                int length = (int) frameLength;
                pos = start + length;
                if (opcode == 0x8) {
                    int code = length >= 2 ? ((b[start] & 0xFF) << 8) | (b[start + 1] & 0xFF) : 1005;
                    fail(code);
                } else if (opcode == 0x9) {
                    sendControl(0xA, b, start, length);
                } else if (opcode == 0x1 && fin && messageLength == 0) {
                    handler.onText(this, b, start, length, readAt);
                } else if (opcode == 0x1 || opcode == 0x0) {
                    message = ensure(message, messageLength + length);
                    System.arraycopy(b, start, message, messageLength, length);
                    messageLength += length;
                    if (fin) {
                        handler.onText(this, message, 0, messageLength, readAt);
                        messageLength = 0;
                        message = EMPTY;
                    }
                }
            }
            return pos;
        }

        private void sendControl(int opcode, byte[] data, int start, int length) {
            ByteBuffer b = ByteBuffer.allocate(6 + length);
            b.put((byte) (0x80 | opcode)).put((byte) (0x80 | length)).putInt(0);
            b.put(data, start, length).flip();
            queue(b);
        }

        private void fail(int code) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            handler.onClosed(this, code);
        }
    }
}
