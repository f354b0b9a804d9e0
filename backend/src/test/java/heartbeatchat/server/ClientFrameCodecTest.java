package heartbeatchat.server;

import heartbeatchat.shared.protocol.ClientFrame;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every frame a client sends, written and read back by the server's side of the port: the same frame. */
class ClientFrameCodecTest {
    private final ClientFrameCodec codec = new JsonCodec().reader();

    @Test
    void everyFrameComesBackAsItWent() {
        Map<String, Long> rooms = new LinkedHashMap<>();
        rooms.put("lobby", 41L);
        rooms.put("r0123456789abcdef", 3L);
        List<ClientFrame> frames = List.of(
                new ClientFrame.Check(),
                new ClientFrame.Login(new LoginRequest("s-1", "Ann", "🦊", "0123456789abcdef0123", -1, null, null)),
                new ClientFrame.Login(new LoginRequest("s-2", "Ann", "🦊", "0123456789abcdef0123", 41, "e1", rooms)),
                new ClientFrame.Chat("lobby", "hello \"there\"\n<b>", "c-1"),
                new ClientFrame.Chat("r0123456789abcdef", "hi", null),
                new ClientFrame.History("r0123456789abcdef", 71),
                new ClientFrame.ListRooms(),
                new ClientFrame.CreateRoom("Design"),
                new ClientFrame.JoinRoom("r0123456789abcdef"),
                new ClientFrame.LeaveRoom("r0123456789abcdef"),
                new ClientFrame.OpenDirect("q8Wc1mZr0kD4TfYb2n3s5A"),
                new ClientFrame.Typing("lobby"),
                new ClientFrame.Read("lobby", 42));
        for (ClientFrame f : frames) {
            assertEquals(f, codec.decode(codec.encode(f)), codec.encode(f));
        }
        assertEquals(Wire.PING_FRAME, codec.encode(new ClientFrame.Check()), "the heartbeat is the note's exact bytes");
    }

    @Test
    void aNulCharacterNoStoreCanKeepIsRefusedInAnyStringField() {
        assertEquals(new ClientFrame.Invalid(ErrorCode.INVALID_FIELD,
                        "field 'data' is not valid Unicode or holds a NUL character", "c-1"),
                codec.decode("{\"type\":\"message\",\"data\":\"a\\u0000b\",\"clientMsgId\":\"c-1\"}"));
        assertEquals(ErrorCode.INVALID_FIELD, ((ClientFrame.Invalid) codec.decode("{\"type\":\"login\",\"userName\":\"Ann\","
                + "\"userAvatar\":\"\\u0000\",\"openid\":\"0123456789abcdef0123\"}")).code());
        assertEquals(new ClientFrame.Invalid(ErrorCode.INVALID_FIELD,
                        "field 'clientMsgId' is not valid Unicode or holds a NUL character", null),
                codec.decode("{\"type\":\"message\",\"data\":\"ok\",\"clientMsgId\":\"c\\u0000\"}"));
    }
}
