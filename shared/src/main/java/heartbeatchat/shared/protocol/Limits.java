package heartbeatchat.shared.protocol;

/** Size limits both sides enforce. Lengths count UTF-16 code units, as JavaScript does. */
public final class Limits {
    private Limits() {
    }

    public static final int MAX_USER_NAME_LENGTH = 32;
    public static final int MAX_MESSAGE_LENGTH = 2000;
    public static final int MAX_AVATAR_LENGTH = 256;
    public static final int MAX_OPENID_LENGTH = 128;
    public static final int MAX_SOCKET_ID_LENGTH = 128;
    /** A text frame larger than this is refused by closing the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** How many recent messages a login reply carries. */
    public static final int HISTORY_SIZE = 100;
}
