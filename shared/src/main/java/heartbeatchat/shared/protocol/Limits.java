package heartbeatchat.shared.protocol;

/** Size limits both sides enforce. Lengths count UTF-16 code units, as JavaScript does. */
public final class Limits {
    private Limits() {
    }

    public static final int MAX_USER_NAME_LENGTH = 32;
    public static final int MAX_MESSAGE_LENGTH = 2000;
    public static final int MAX_AVATAR_LENGTH = 256;
    public static final int MAX_OPENID_LENGTH = 128;
    /**
     * The shortest openid accepted: an identity must not be guessable. The note's WeChat openid has
     * 28 characters and the page makes 32 hex digits (128 random bits).
     */
    public static final int MIN_OPENID_LENGTH = 16;
    public static final int MAX_SOCKET_ID_LENGTH = 128;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 64;
    /** A text frame larger than this is refused by closing the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** How many recent messages a login reply without {@code lastSeq} carries. */
    public static final int HISTORY_SIZE = 100;
    /** Messages in one page of older history. */
    public static final int HISTORY_PAGE = 50;
    public static final int MAX_ROOM_ID_LENGTH = 64;
    /** The most messages a resuming login reply carries; a larger gap gets the latest page instead. */
    public static final int RESUME_LIMIT = 1000;
    /** Token bucket per connection: frames that may arrive at once, and the refill per second. */
    public static final int RATE_BURST = 20;
    public static final double RATE_PER_SECOND = 5;
    /** The client's own pacing of its outbox: below the server's limit, leaving room for login and pings. */
    public static final int CLIENT_SEND_BURST = 15;
    public static final double CLIENT_SEND_PER_SECOND = 4;
}
