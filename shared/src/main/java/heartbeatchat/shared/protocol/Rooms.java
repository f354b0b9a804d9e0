package heartbeatchat.shared.protocol;

/** Room ids both sides know. */
public final class Rooms {
    private Rooms() {
    }

    /**
     * The default room every user is in, and where a client that names no room (the design note's,
     * today's) talks. Every message from before rooms existed is in it, with its seq unchanged.
     */
    public static final String LOBBY = "lobby";

    /** The lobby's name as rooms lists show it. */
    public static final String LOBBY_NAME = "Lobby";
}
