package heartbeatchat.server;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The server's JSON: one Jackson mapper behind the frame reader and writer. */
public final class JsonCodec {
    private final ClientFrameCodec reader;
    private final FrameWriter writer;

    public JsonCodec() {
        ObjectMapper mapper = new ObjectMapper();
        this.reader = new ClientFrameCodec(mapper);
        this.writer = new FrameWriter(mapper);
    }

    ClientFrameCodec reader() {
        return reader;
    }

    FrameWriter writer() {
        return writer;
    }
}
