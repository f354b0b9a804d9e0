package heartbeatchat.server;

import heartbeatchat.server.store.Room;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.RoomEntry;
import heartbeatchat.shared.protocol.RoomSummary;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every frame the server sends, written and read back by the server's side of the port: the same
 * frame; and the frames the server copies prepared JSON into read exactly as {@link ServerFrameCodec#encode} writes them.
 */
class ServerFrameCodecTest {
    private final ServerFrameCodec codec = new JsonCodec().writer();
    private static final UserInfo ANN = new UserInfo("q8Wc1mZr0kD4TfYb2n3s5A", "Ann <b>", "🦊");
    private static final UserInfo BOB = new UserInfo("Zk3n0aQ1bC2dE3fG4hI5jK", "Bob \"B\"", "🐻");
    private static final ChatMessage M1 = new ChatMessage("lobby", 41, 1_700_000_000_000L, ANN.userId(), ANN.userName(),
            ANN.userAvatar(), "hello\n<script>", "c-1");
    private static final ChatMessage M2 = new ChatMessage("lobby", 42, 1_700_000_000_500L, BOB.userId(), BOB.userName(),
            BOB.userAvatar(), "hi", null);
    private static final ChatMessage D1 = new ChatMessage("d0123456789abcdef", 7, 1_700_000_001_000L, BOB.userId(),
            BOB.userName(), BOB.userAvatar(), "psst", "c-7");

    private static RoomEntry lobbyEntry() {
        return new RoomEntry("lobby", "Lobby", false, null, 12, 42, M2.time(), 40, Map.of(), false, List.of());
    }

    private static RoomEntry directEntry() {
        return new RoomEntry("d0123456789abcdef", "", true, BOB, 2, 7, D1.time(), 5, Map.of(ANN.userId(), 5L, BOB.userId(), 7L),
                true, List.of(D1));
    }

    @Test
    void everyFrameComesBackAsItWent() {
        List<ServerFrame> frames = List.of(
                new ServerFrame.LoginReply(ANN.userId(), "e1", false, List.of(ANN, BOB), 2, null, List.of(M1, M2)),
                new ServerFrame.LoginReply(ANN.userId(), "e1", true, List.of(ANN), 900, List.of(lobbyEntry(), directEntry()),
                        List.of()),
                new ServerFrame.Message(M1),
                new ServerFrame.Message(D1),
                new ServerFrame.UserJoined(BOB, 1_700_000_000_000L),
                new ServerFrame.UserLeft(BOB, 1_700_000_000_001L),
                new ServerFrame.Error("store_unavailable", "the message could not be stored", "c-1"),
                new ServerFrame.Error("no_such_room", "no such room", null),
                new ServerFrame.HistoryPage("d0123456789abcdef", 8, List.of(D1), true),
                new ServerFrame.HistoryPage("lobby", 41, List.of(), false),
                new ServerFrame.Room(directEntry()),
                new ServerFrame.RoomList(List.of(new RoomSummary("lobby", "Lobby", 12, 42, M2.time(), true),
                        new RoomSummary("r0123456789abcdef", "Design", 3, 0, 0, false))),
                new ServerFrame.Members("r0123456789abcdef", 4),
                new ServerFrame.RoomLeft("r0123456789abcdef"),
                new ServerFrame.Typing("r0123456789abcdef", ANN),
                new ServerFrame.Read("r0123456789abcdef", BOB.userId(), 9));
        for (ServerFrame f : frames) {
            assertEquals(f, codec.decode(codec.encode(f)), codec.encode(f));
        }
    }

    @Test
    void framesMadeFromPreparedJsonReadAsTheirRecords() {
        History recent = new History(10, 10);
        recent.add(M1.seq(), codec.chat(M1));
        recent.add(M2.seq(), codec.chat(M2));
        RoomState lobby = new RoomState(new Room("lobby", "Lobby", false, 0), recent);
        lobby.lastSeq = 42;
        lobby.lastTime = M2.time();
        RoomState dm = new RoomState(new Room("d0123456789abcdef", "", true, 0), new History(10, 10));
        dm.lastSeq = 7;
        dm.lastTime = D1.time();
        dm.reads.put(ANN.userId(), 5L);
        dm.reads.put(BOB.userId(), 7L);
        String rooms = codec.roomEntries(List.of(codec.roomEntry(lobby, null, 12, 40, null, false),
                codec.roomEntry(dm, BOB, 2, 5, History.array(List.of(codec.chat(D1))), true)));
        String reply = codec.loginReply(ANN.userId(), "e1", codec.users(List.of(ANN)), 900, rooms, recent.latestPage(), false)
                .text();
        assertEquals(new ServerFrame.LoginReply(ANN.userId(), "e1", false, List.of(ANN), 900,
                List.of(lobbyEntry(), directEntry()), List.of(M1, M2)), codec.decode(reply));
        assertEquals(new ServerFrame.Room(directEntry()),
                codec.decode(codec.room(codec.roomEntry(dm, BOB, 2, 5, History.array(List.of(codec.chat(D1))), true))));
        assertEquals(new ServerFrame.RoomList(List.of(new RoomSummary("lobby", "Lobby", 12, 42, M2.time(), true))),
                codec.decode(codec.roomList(List.of(lobby), ANN.userId(), 12)));
        assertEquals(new ServerFrame.Error("room_full", "full", null), codec.decode(codec.error(ErrorCode.ROOM_FULL, "full", null)));
        assertEquals(new ServerFrame.UserJoined(ANN, 5), codec.decode(codec.presence(Wire.TYPE_JOIN, ANN, 5)));
    }

    @Test
    void whatAClientCannotUseReadsAsUnknownNeverAsAnException() {
        assertEquals(new ServerFrame.Unknown(null), codec.decode("not json"));
        assertEquals(new ServerFrame.Unknown(null), codec.decode("[1,2]"));
        assertEquals(new ServerFrame.Unknown(null), codec.decode("{\"data\":\"x\"}"));
        assertEquals(new ServerFrame.Unknown("reaction"), codec.decode("{\"type\":\"reaction\"}"), "a type from a newer server");
        assertEquals(new ServerFrame.Unknown("message"), codec.decode("{\"type\":\"message\",\"seq\":\"1\",\"userId\":\"u\",\"data\":\"x\"}"));
        assertEquals(new ServerFrame.Unknown("login"), codec.decode("{\"type\":\"login\",\"ok\":false}"));
        assertEquals(new ServerFrame.Message(new ChatMessage("lobby", 1, 0, "u", "", "", "x", null)),
                codec.decode("{\"type\":\"message\",\"seq\":1,\"userId\":\"u\",\"data\":\"x\"}"),
                "a message of a server before rooms is the lobby's");
    }
}
