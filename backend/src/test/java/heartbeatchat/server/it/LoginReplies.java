package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reading login replies and room entries in tests. */
public final class LoginReplies {
    private LoginReplies() {
    }

    /** The entry of a room in a login reply's {@code rooms}; fails the test when it is not there. */
    public static JsonNode entry(JsonNode loginReply, String roomId) {
        for (JsonNode e : loginReply.path("rooms")) {
            if (e.path("room").asText().equals(roomId)) {
                return e;
            }
        }
        throw new AssertionError(roomId + " not in " + loginReply);
    }

    /** The seqs of an array of message frames, in order. */
    public static List<Long> seqs(JsonNode messages) {
        List<Long> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path("seq").asLong()));
        return out;
    }
}
