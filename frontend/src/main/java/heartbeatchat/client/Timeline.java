package heartbeatchat.client;

/**
 * Where the page stands in the server's message sequence, and what to do with each message that
 * arrives: show it once (a {@code seq} at or below the last shown is a repeat: the server answered a
 * retry with the original, or a resume overlapped), mark it as one's own by the user id of the
 * login reply, and let one's own message with a {@code clientMsgId} confirm the pending copy. A
 * new epoch means the sequence started over. Plain Java, so it is tested on the JVM.
 */
final class Timeline {
    /** What to do with one arriving message. */
    record Arrival(boolean show, boolean mine, boolean confirmsPending) {
    }

    /** What a login reply's epoch means for the page. */
    enum EpochChange {
        /** The first login of this page: nothing shown yet belongs to another sequence. */
        FIRST,
        /** The same sequence: the reply carries what was missed after {@link #lastSeq()}. */
        SAME,
        /** The server's sequence started over: what is shown is from before. */
        RESET
    }

    private long lastSeq = -1;
    private String epoch;
    private String myUserId;

    long lastSeq() {
        return lastSeq;
    }

    /** The epoch {@link #lastSeq()} belongs to, or null before the first login. */
    String epoch() {
        return epoch;
    }

    String myUserId() {
        return myUserId;
    }

    /**
     * A reloaded page takes up where the saved messages end: their epoch and the user's id; the
     * messages then advance {@link #lastSeq()} as they are shown again. Only before the first login.
     */
    void restore(String savedEpoch, String savedUserId) {
        if (epoch == null) {
            epoch = savedEpoch;
            myUserId = savedUserId;
        }
    }

    EpochChange onLoginReply(String userId, String replyEpoch) {
        myUserId = userId;
        if (replyEpoch == null || replyEpoch.equals(epoch)) {
            return epoch == null ? EpochChange.FIRST : EpochChange.SAME;
        }
        boolean first = epoch == null;
        epoch = replyEpoch;
        lastSeq = -1;
        return first ? EpochChange.FIRST : EpochChange.RESET;
    }

    Arrival onMessage(long seq, String userId, String clientMsgId) {
        boolean mine = userId.equals(myUserId);
        boolean confirms = mine && clientMsgId != null;
        if (seq <= lastSeq) {
            return new Arrival(false, mine, confirms);
        }
        lastSeq = seq;
        return new Arrival(true, mine, confirms);
    }
}
