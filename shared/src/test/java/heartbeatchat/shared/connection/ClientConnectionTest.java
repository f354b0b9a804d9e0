package heartbeatchat.shared.connection;

import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.testing.FakeClock;
import heartbeatchat.shared.testing.RecordingTransport;
import heartbeatchat.shared.testing.RecordingTransport.FakeSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientConnectionTest {
    private static final String LOGIN = "{\"type\":\"login\",\"openid\":\"o1\"}";
    private static final String CHAT = "{\"type\":\"message\",\"seq\":1,\"data\":\"hi\"}";

    private final FakeClock clock = new FakeClock();
    private final RecordingTransport transport = new RecordingTransport();
    private final List<String> frames = new ArrayList<>();
    private final List<ConnectionStatus> statuses = new ArrayList<>();
    private double random = 0.0;
    private ClientConnection connection;

    @BeforeEach
    void create() {
        connection = new ClientConnection(transport, clock, clock, ConnectionSettings.defaults(),
                new ReconnectBackoff(3_000, 30_000, 2.0, 0.3, () -> random), new ConnectionHandler() {
            @Override
            public String loginFrame() {
                return LOGIN;
            }

            @Override
            public void onFrame(String text) {
                frames.add(text);
            }

            @Override
            public void onStatus(ConnectionStatus status) {
                statuses.add(status);
            }
        });
    }

    @AfterEach
    void nothingUnexpectedWasSent() {
        for (int i = 1; i <= transport.connectCount(); i++) {
            transport.socket(i).assertNothingSent();
        }
    }

    /** Starts, opens the first socket and consumes its login frame. */
    private FakeSocket online() {
        connection.start();
        FakeSocket s = transport.last();
        s.open();
        s.assertNextSent(LOGIN);
        return s;
    }

    private ConnectionState state() {
        return connection.status().state();
    }

    @Test
    void onOpenSendsTheLoginFrameFirstThenGoesOnline() {
        connection.start();
        assertEquals(ConnectionState.CONNECTING, state());
        assertEquals(1, transport.connectCount());
        FakeSocket s = transport.last();
        s.assertNothingSent();

        s.open();

        s.assertNextSent(LOGIN);
        assertEquals(ConnectionState.ONLINE, state());
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE),
                statuses.stream().map(ConnectionStatus::state).toList());
    }

    @Test
    void pingsExactlyFiveSecondsAfterOpenWhenNothingArrives() {
        FakeSocket s = online();
        clock.advance(4_999);
        s.assertNothingSent();
        clock.advance(1);
        s.assertNextSent(Wire.PING_FRAME);
        assertEquals("{\"type\":\"check\",\"data\":\"ping\"}", Wire.PING_FRAME);
    }

    @Test
    void anIncomingChatFramePostponesThePing() {
        FakeSocket s = online();
        clock.advance(2_000);
        s.receive(CHAT);
        assertEquals(List.of(CHAT), frames);
        clock.advance(4_999);
        s.assertNothingSent();
        clock.advance(1);
        s.assertNextSent(Wire.PING_FRAME); // at 7000 = 2000 + 5000
    }

    @Test
    void aReplyWithinThreeSecondsKeepsTheSocketAndMeasuresTheRoundTrip() {
        FakeSocket s = online();
        clock.advance(5_000);
        s.assertNextSent(Wire.PING_FRAME);
        clock.advance(2_999);
        s.receive(Wire.PONG_FRAME);

        assertFalse(s.isClosed());
        assertEquals(2_999, connection.status().rttMillis());
        assertTrue(frames.isEmpty(), "a heartbeat reply is not handed to the application");

        clock.advance(4_999);
        s.assertNothingSent();
        clock.advance(1);
        s.assertNextSent(Wire.PING_FRAME); // 5 s after the reply
    }

    @Test
    void noReplyWithinThreeSecondsClosesTheSocketAndReconnectsThreeSecondsLater() {
        FakeSocket s = online();
        clock.advance(5_000);
        s.assertNextSent(Wire.PING_FRAME);
        clock.advance(2_999);
        assertFalse(s.isClosed());

        clock.advance(1);

        assertTrue(s.isClosed());
        assertEquals(4000, s.closedWith());
        ConnectionStatus st = connection.status();
        assertEquals(ConnectionState.RECONNECTING, st.state(), "treated as closed at once, no close event needed");
        assertEquals(1, st.attempt());
        assertEquals(8_000 + 3_000, st.reconnectAtMillis());
        assertEquals("no reply within 3000 ms of a ping", st.closeReason());

        clock.advance(2_999);
        assertEquals(1, transport.connectCount());
        clock.advance(1);
        assertEquals(2, transport.connectCount());
        assertEquals(ConnectionState.CONNECTING, state());
    }

    @Test
    void anyFrameAfterThePingCountsAsAReply() {
        FakeSocket s = online();
        clock.advance(5_000);
        s.assertNextSent(Wire.PING_FRAME);
        clock.advance(1_000);
        s.receive(CHAT);
        clock.advance(4_999); // past the 3 s deadline of the ping
        assertFalse(s.isClosed());
        assertEquals(-1, connection.status().rttMillis(), "only a pong measures the round trip");
        clock.advance(1);
        s.assertNextSent(Wire.PING_FRAME);
    }

    @Test
    void closeAndErrorOfTheSameSocketStartOneReconnect() {
        FakeSocket s = online();
        s.error();
        s.closeFromServer(1006, "");
        clock.advance(3_000);
        assertEquals(2, transport.connectCount());
        clock.advance(7_999); // the new socket's connect deadline is 8 s
        assertEquals(2, transport.connectCount(), "the new socket is still connecting; no second reconnect");
    }

    @Test
    void aLateCloseFromAnOldSocketChangesNothing() {
        FakeSocket first = online();
        clock.advance(8_000); // ping at 5 s, given up at 8 s
        first.assertNextSent(Wire.PING_FRAME);
        clock.advance(3_000);
        FakeSocket second = transport.last();
        second.open();
        second.assertNextSent(LOGIN);
        int published = statuses.size();

        first.closeFromServer(1006, "");
        first.error();
        first.receive(CHAT);
        first.open();

        assertEquals(ConnectionState.ONLINE, state());
        assertEquals(published, statuses.size());
        assertTrue(frames.isEmpty());
        assertFalse(second.isClosed());
        clock.advance(5_000);
        assertEquals(2, transport.connectCount());
        second.assertNextSent(Wire.PING_FRAME); // the second socket's own heartbeat goes on
    }

    @Test
    void stopDuringTheReconnectWaitEndsEverything() {
        FakeSocket s = online();
        s.closeFromServer(1001, "going away");
        assertEquals(ConnectionState.RECONNECTING, state());
        clock.advance(1_000);

        connection.stop();

        assertEquals(ConnectionState.STOPPED, state());
        assertEquals(List.of(), clock.pendingDelays());
        clock.advance(600_000);
        assertEquals(1, transport.connectCount());
    }

    @Test
    void stopWhileOnlineClosesTheSocketAndCancelsTheHeartbeat() {
        FakeSocket s = online();
        connection.stop();
        assertEquals(1000, s.closedWith());
        assertEquals(List.of(), clock.pendingDelays());
        s.closeFromServer(1000, ""); // the close event that follows is ignored
        assertEquals(ConnectionState.STOPPED, state());
        assertFalse(connection.send("x"));
    }

    @Test
    void failedAttemptsBackOffToTheCap() {
        connection.start();
        long[] expected = {3_000, 6_000, 12_000, 24_000, 30_000, 30_000};
        for (int i = 0; i < expected.length; i++) {
            transport.last().error();
            assertEquals(i + 1, connection.status().attempt());
            assertEquals(List.of(expected[i]), clock.pendingDelays());
            clock.advance(expected[i]);
            assertEquals(i + 2, transport.connectCount());
        }
    }

    @Test
    void jitterIsDrawnPerAttempt() {
        random = 0.5;
        FakeSocket s = online();
        s.closeFromServer(1006, "");
        assertEquals(List.of(3_450L), clock.pendingDelays());
    }

    @Test
    void aConnectionThatStayedUpResetsTheBackoffButAShortOneDoesNot() {
        connection.start();
        transport.last().error();
        clock.advance(3_000);
        transport.last().error();
        clock.advance(6_000);
        assertEquals(3, transport.connectCount());

        FakeSocket shortLived = transport.last();
        shortLived.open();
        shortLived.assertNextSent(LOGIN);
        clock.advance(4_000);
        shortLived.closeFromServer(1006, "");
        assertEquals(3, connection.status().attempt());
        assertEquals(List.of(12_000L), clock.pendingDelays());

        clock.advance(12_000);
        FakeSocket stable = transport.last();
        stable.open();
        stable.assertNextSent(LOGIN);
        clock.advance(5_000);
        stable.assertNextSent(Wire.PING_FRAME);
        stable.receive(Wire.PONG_FRAME);
        clock.advance(5_000); // up for 10 s
        stable.assertNextSent(Wire.PING_FRAME);
        stable.closeFromServer(1012, "restart");
        assertEquals(1, connection.status().attempt());
        assertEquals(List.of(3_000L), clock.pendingDelays());
    }

    @Test
    void aSocketThatNeverOpensIsGivenUpAfterTheConnectTimeout() {
        connection.start();
        FakeSocket s = transport.last();
        clock.advance(7_999);
        assertFalse(s.isClosed());
        clock.advance(1);
        assertTrue(s.isClosed());
        assertEquals(ConnectionState.RECONNECTING, state());
        s.open(); // too late: ignored
        s.assertNothingSent();
        assertEquals(ConnectionState.RECONNECTING, state());
    }

    @Test
    void aReplyTimerThatFiresLateClosesAtOnceWhenItRuns() {
        FakeSocket s = online();
        clock.advance(5_000);
        s.assertNextSent(Wire.PING_FRAME);
        clock.jump(60_000); // the tab was frozen: the 3 s timer has not run
        assertFalse(s.isClosed());
        clock.runDue();
        assertTrue(s.isClosed());
        assertEquals(clock.nowMillis() + 3_000, connection.status().reconnectAtMillis());
    }

    @Test
    void aPingTimerThatFiresLateStillPingsBeforeGivingUp() {
        FakeSocket s = online();
        clock.jump(60_000);
        clock.runDue();
        s.assertNextSent(Wire.PING_FRAME);
        assertFalse(s.isClosed(), "silence while frozen is not proof of a dead network");
        clock.advance(3_000);
        assertTrue(s.isClosed());
    }

    @Test
    void aReconnectTimerThatFiresLateConnectsAtOnce() {
        FakeSocket s = online();
        s.closeFromServer(1006, "");
        clock.jump(50_000);
        clock.runDue();
        assertEquals(2, transport.connectCount());
    }

    @Test
    void wakeDuringTheReconnectWaitConnectsNow() {
        FakeSocket s = online();
        s.closeFromServer(1006, "");
        clock.advance(100);
        connection.wake();
        assertEquals(2, transport.connectCount());
        assertEquals(ConnectionState.CONNECTING, state());
        assertEquals(List.of(8_000L), clock.pendingDelays(), "only the connect deadline is pending");
    }

    @Test
    void wakeWhileOnlineChecksTheHeartbeatAtOnce() {
        FakeSocket s = online();
        clock.jump(6_000);
        connection.wake();
        s.assertNextSent(Wire.PING_FRAME);
        assertEquals(List.of(3_000L), clock.pendingDelays());
    }

    @Test
    void framesBeforeOpenAreIgnoredAndSendIsRefusedUntilOnline() {
        connection.start();
        FakeSocket s = transport.last();
        assertFalse(connection.send(CHAT));
        s.receive(CHAT);
        assertTrue(frames.isEmpty());
        s.open();
        s.assertNextSent(LOGIN);
        assertTrue(connection.send(CHAT));
        s.assertNextSent(CHAT);
    }

    @Test
    void aTransportThatFailsWhileConnectingIsHandledOnce() {
        ClientConnection[] self = new ClientConnection[1];
        List<Integer> closes = new ArrayList<>();
        Transport failing = listener -> {
            listener.onError();
            listener.onClose(1006, "");
            return new TransportSocket() {
                @Override
                public void send(String text) {
                    throw new AssertionError("send on a failed socket");
                }

                @Override
                public void close(int code, String reason) {
                    closes.add(code);
                }
            };
        };
        self[0] = new ClientConnection(failing, clock, clock, ConnectionSettings.defaults(),
                new ReconnectBackoff(3_000, 30_000, 2, 0, () -> 0), new ConnectionHandler() {
            @Override
            public String loginFrame() {
                return LOGIN;
            }

            @Override
            public void onFrame(String text) {
            }

            @Override
            public void onStatus(ConnectionStatus status) {
            }
        });
        self[0].start();
        assertEquals(ConnectionState.RECONNECTING, self[0].status().state());
        assertEquals(List.of(3_000L), clock.pendingDelays());
        assertEquals(List.of(1000), closes);
    }

    @Test
    void aTerminalCloseCodeStopsReconnectingUntilStartedAgain() {
        FakeSocket s = online();
        s.closeFromServer(4002, "too many connections");
        ConnectionStatus st = connection.status();
        assertEquals(ConnectionState.CLOSED, st.state());
        assertEquals(4002, st.closeCode());
        assertEquals("too many connections", st.closeReason());
        assertEquals(List.of(), clock.pendingDelays());
        connection.wake();
        clock.advance(600_000);
        assertEquals(1, transport.connectCount());

        connection.start();
        assertEquals(2, transport.connectCount());
        assertEquals(ConnectionState.CONNECTING, state());
    }

    @Test
    void retryableServerCodesReconnect() {
        for (int code : new int[] {1001, 1012, 1013, 4001, 4003}) {
            FakeSocket s = transport.connectCount() == 0 ? online() : transport.last();
            s.closeFromServer(code, "");
            assertEquals(ConnectionState.RECONNECTING, state(), String.valueOf(code));
            clock.advance(clock.pendingDelays().get(0));
            transport.last().open();
            transport.last().assertNextSent(LOGIN);
        }
    }

    @Test
    void theServersCloseReasonIsKeptForTheUi() {
        FakeSocket s = online();
        s.closeFromServer(4000, "idle");
        assertEquals(4000, connection.status().closeCode());
        assertEquals("idle", connection.status().closeReason());
        s.assertNothingSent();
    }
}
