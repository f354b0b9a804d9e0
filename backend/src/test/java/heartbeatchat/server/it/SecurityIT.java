package heartbeatchat.server.it;

import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security edges of the server as a real process: what a hostile client or page can and cannot do. */
class SecurityIT {
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start(0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aCloseReasonWithLineBreaksCannotForgeALogLine() throws Exception {
        String forged = "2026-11-30T10:00:00.000+0000 INFO ChatRoom - login forged from 10.0.0.1 as admin";
        try (RawWsClient c = RawWsClient.open(server.port())) {
            c.sendText(WsClient.login("openid-00000000-log-forger", "Forger"));
            assertEquals("login", WsClient.parse(c.read().text()).path("type").asText());
            ByteArrayOutputStream close = new ByteArrayOutputStream();
            close.write(1000 >> 8);
            close.write(1000 & 0xFF);
            close.write(("bye\r\n" + forged).getBytes(StandardCharsets.UTF_8));
            c.send(RawWsClient.CLOSE, true, close.toByteArray());
            assertEquals(1000, c.awaitClose());
        }
        server.awaitLine("(bye\\r\\n" + forged + ")");
        assertFalse(server.output().stream().anyMatch(l -> l.startsWith(forged)), "no line starts with the forged text");
    }

    @Test
    void everyHttpResponseCarriesTheBrowsersProtections() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "index.html", "start.js", "js/chat.js", "style.css", "sw.js", "no-such-page")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(path.equals("no-such-page") ? 404 : 200, r.statusCode(), path);
            HttpHeaders h = r.headers();
            String csp = h.firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                    path + ": " + csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertEquals("nosniff", h.firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", h.firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("no-referrer", h.firstValue("Referrer-Policy").orElse(null), path);
        }
    }

    @Test
    void thePageHasNoInlineScriptForThePolicyToForbid() throws Exception {
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).contains("src="), "a script with a src: " + scripts.group());
            assertEquals("", scripts.group(2).trim(), "and nothing inline");
        }
        assertEquals(1, count);
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(page).find(), "no inline handlers");
    }

    @Test
    void anUpgradeNamingAHostTheServerIsNotKnownByIsRefusedAgainstDnsRebinding() throws Exception {
        int port = server.port();
        String rebound = "rebind.attacker.example:" + port;
        // the attacker's page, its name now resolving to 127.0.0.1: Origin and Host agree, Host is wrong
        try (RawWsClient c = new RawWsClient(port, "/ws", 65536, rebound, "Origin: http://" + rebound + "\r\n")) {
            assertFalse(c.upgraded());
            assertTrue(c.responseHead().startsWith("HTTP/1.1 403"), c.responseHead());
        }
        server.awaitLine("refused upgrade from 127.0.0.1 with Host " + rebound);
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port)) {
            try (RawWsClient c = new RawWsClient(port, "/ws", 65536, host, "")) {
                assertTrue(c.upgraded(), host + ": " + c.responseHead());
            }
        }
    }

    @Test
    void aPublicHostNameIsAcceptedOnlyWhenConfigured() throws Exception {
        try (ServerProcess named = ServerProcess.start(0, "--public-host", "chat.example.org");
             RawWsClient known = new RawWsClient(named.port(), "/", 65536, "chat.example.org", "");
             RawWsClient unknown = new RawWsClient(named.port(), "/", 65536, "other.example.org", "")) {
            assertTrue(known.upgraded(), known.responseHead());
            assertFalse(unknown.upgraded(), unknown.responseHead());
        }
    }

    @Test
    void anAddressOverItsConnectionLimitGets4004AndOtherAddressesDoNot() throws Exception {
        try (ServerProcess limited = ServerProcess.start(0, "--max-connections-per-address", "3",
                "--trust-proxy", "127.0.0.1")) {
            int port = limited.port();
            List<RawWsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) { // open, never logged in: they count
                    clients.add(viaProxyFor(port, "203.0.113.1"));
                }
                RawWsClient fourth = viaProxyFor(port, "203.0.113.1");
                clients.add(fourth);
                assertEquals(4004, fourth.awaitClose());
                RawWsClient neighbour = viaProxyFor(port, "203.0.113.2");
                clients.add(neighbour);
                neighbour.sendText(WsClient.login("openid-00000000-neighbour", "Neighbour"));
                assertEquals("login", WsClient.parse(neighbour.read().text()).path("type").asText());
                for (int i = 0; i < 3; i++) {
                    clients.get(i).sendText(Wire.PING_FRAME);
                    assertEquals(Wire.PONG_FRAME, clients.get(i).read().text(), "the first three stay");
                }
            } finally {
                for (RawWsClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anAddressConnectingFasterThanItsRateGets4004() throws Exception {
        try (ServerProcess limited = ServerProcess.start(0, "--max-connections-per-address", "2",
                "--connects-per-address-per-second", "0.2")) {
            for (int i = 0; i < 2; i++) { // the burst: two connects, closed again at once
                try (RawWsClient c = RawWsClient.open(limited.port())) {
                    c.sendText(Wire.PING_FRAME);
                    assertEquals(Wire.PONG_FRAME, c.read().text());
                }
            }
            try (RawWsClient third = RawWsClient.open(limited.port())) { // nothing open, but too fast
                assertEquals(4004, third.awaitClose());
            }
        }
    }

    @Test
    void aForwardedForHeaderFromAnUntrustedPeerIsIgnored() throws Exception {
        try (ServerProcess limited = ServerProcess.start(0, "--max-connections-per-address", "2");
             RawWsClient a = viaProxyFor(limited.port(), "203.0.113.1");
             RawWsClient b = viaProxyFor(limited.port(), "203.0.113.2");
             RawWsClient c = viaProxyFor(limited.port(), "203.0.113.3")) {
            assertEquals(4004, c.awaitClose(), "all three are 127.0.0.1, whatever they claim");
        }
    }

    @Test
    void anUnreadableCertificateStopsTheStartWithOneLine() throws Exception {
        ServerProcess.Result r = ServerProcess.run("--tls-cert", "no-such-cert.pem", "--tls-key", "no-such-key.pem");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().strip().startsWith("heartbeat-chat: cannot use --tls-cert no-such-cert.pem"), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
    }

    private static RawWsClient viaProxyFor(int port, String client) throws Exception {
        RawWsClient c = new RawWsClient(port, "/ws", 65536, "X-Forwarded-For: 10.1.1.1, " + client + "\r\n");
        assertTrue(c.upgraded(), c.responseHead());
        return c;
    }
}
