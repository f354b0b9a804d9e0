package heartbeatchat.server;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The server's JSON: one Jackson mapper behind the codecs of what clients send and what the server sends. */
public final class JsonCodec {
    private final ClientFrameCodec reader;
    private final ServerFrameCodec writer;

    public JsonCodec() {
        ObjectMapper mapper = new ObjectMapper();
        this.reader = new ClientFrameCodec(mapper);
        this.writer = new ServerFrameCodec(mapper);
    }

    ClientFrameCodec reader() {
        return reader;
    }

    ServerFrameCodec writer() {
        return writer;
    }
}
