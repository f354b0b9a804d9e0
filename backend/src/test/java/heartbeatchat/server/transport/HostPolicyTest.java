package heartbeatchat.server.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPolicyTest {

    @Test
    void onLoopbackOnlyLoopbackNamesAndAddressesAreAllowed() {
        HostPolicy p = new HostPolicy("127.0.0.1", List.of());
        for (String host : List.of("localhost:3000", "LOCALHOST", "127.0.0.1:3000", "127.0.0.1", "[::1]:3000", "localhost.")) {
            assertTrue(p.allows(host), host);
        }
        for (String host : List.of("rebind.attacker.example:3000", "attacker.example", "192.168.1.5:3000", "", "   ")) {
            assertFalse(p.allows(host), host);
        }
        assertFalse(p.allows(null), "no Host at all");
    }

    @Test
    void onEveryInterfaceAnyAddressButOnlyTheConfiguredNames() {
        HostPolicy p = new HostPolicy("0.0.0.0", List.of("chat.example.org", "Chat2.Example.org"));
        for (String host : List.of("192.168.1.5:3000", "[2001:db8::1]:443", "chat.example.org", "chat2.example.org:443")) {
            assertTrue(p.allows(host), host);
        }
        assertFalse(p.allows("rebind.attacker.example"));
        assertFalse(p.allows("chat.example.org.attacker.example"));
    }

    @Test
    void theBoundNameAndAStarAreAllowed() {
        assertTrue(new HostPolicy("chat.internal", List.of()).allows("chat.internal:8443"));
        assertTrue(new HostPolicy("127.0.0.1", List.of("*")).allows("anything.example"));
    }
}
