package heartbeatchat.server;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The server's JSON: one Jackson mapper behind the frame reader and writer. */
public final class JsonCodec {
    private final FrameReader reader;
    private final FrameWriter writer;

    public JsonCodec() {
        ObjectMapper mapper = new ObjectMapper();
        this.reader = new FrameReader(mapper);
        this.writer = new FrameWriter(mapper);
    }

    FrameReader reader() {
        return reader;
    }

    FrameWriter writer() {
        return writer;
    }
}
