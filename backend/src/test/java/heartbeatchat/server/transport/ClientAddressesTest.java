package heartbeatchat.server.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressesTest {
    private final ClientAddresses addresses = new ClientAddresses(List.of("127.0.0.1"));

    @Test
    void aTrustedProxysLastForwardedAddressIsTheClient() {
        assertEquals("203.0.113.7", addresses.of("127.0.0.1", "203.0.113.7"));
        assertEquals("203.0.113.7", addresses.of("127.0.0.1", "10.9.9.9, 203.0.113.7"), "the entry the proxy added");
        assertEquals("2001:db8::7", addresses.of("127.0.0.1", "2001:db8::7"));
    }

    @Test
    void anyoneElsesForwardedForIsIgnored() {
        assertEquals("198.51.100.2", addresses.of("198.51.100.2", "203.0.113.7"));
        assertEquals("198.51.100.2", new ClientAddresses(List.of()).of("198.51.100.2", "203.0.113.7"));
    }

    @Test
    void withoutOrWithAGarbledHeaderThePeerCounts() {
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", null));
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", "unknown"));
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", "1.2.3.4, "));
    }
}
