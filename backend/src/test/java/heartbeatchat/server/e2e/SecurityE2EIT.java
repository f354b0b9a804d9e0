package heartbeatchat.server.e2e;

import heartbeatchat.server.it.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser's side of the security edges: the policy is in force, and TLS works end to end. */
class SecurityE2EIT {
    private static final Path TARGET = Path.of(System.getProperty("chat.targetDir", "target"));
    /** What Chromium reports when the policy blocks something. */
    private static final Predicate<String> POLICY_REPORTS = m -> m.contains("Content Security Policy");

    @Test
    void thePageRunsUnderItsPolicyAndTheBrowserBlocksInjectedInlineCode() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             Browser ann = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann"); // its script file and its WebSocket are allowed
            assertEquals(List.of(), ann.consoleErrors(m -> false), "the page itself breaks no rule");

            // what an HTML injection would try: an inline handler and an inline script
            ann.script("document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,x\" onerror=\"window.injected = 1\">');"
                    + "var s = document.createElement('script'); s.textContent = 'window.injected = 2';"
                    + "document.body.appendChild(s);");
            List<String> reports = new ArrayList<>();
            ann.waitUntil(Duration.ofSeconds(5), "the browser reports both blocked pieces", () -> {
                reports.addAll(ann.consoleErrors(m -> false));
                return reports.stream().filter(POLICY_REPORTS).count() >= 2;
            });
            assertEquals(Boolean.TRUE, ann.script("return window.injected === undefined;"), "nothing injected ran");
            assertEquals(List.of(), reports.stream().filter(POLICY_REPORTS.negate()).toList(), "only the policy's reports");
        }
    }

    @Test
    void overTlsThePageLoadsFromHttpsAndChatsOverWss() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(TARGET.resolve("tls")), "cert-");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").redirectErrorStream(true).start();
        String opensslOutput = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), opensslOutput);

        try (ServerProcess server = ServerProcess.start(0, "--tls-cert", cert.toString(), "--tls-key", key.toString());
             // Chromium trusts exactly this certificate's key, nothing else
             Browser ann = new Browser(1000, 700, List.of("--ignore-certificate-errors-spki-list=" + spkiHash(cert)));
             Browser bob = new Browser(1000, 700, List.of("--ignore-certificate-errors-spki-list=" + spkiHash(cert)))) {
            String url = "https://127.0.0.1:" + server.port() + "/";
            ann.enter(url, "Ann"); // online: the page chose wss:, the only scheme this server speaks
            bob.enter(url, "Bob");
            assertEquals("https:", ann.script("return location.protocol;"));
            ann.say("over TLS");
            bob.waitForMessage("over TLS", Duration.ofSeconds(5));
            assertTrue(server.output().stream().anyMatch(l -> l.contains("listening on https://")));
            assertEquals(List.of(), ann.consoleErrors(m -> false));
        }
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)), as --ignore-certificate-errors-spki-list takes it. */
    private static String spkiHash(Path cert) throws Exception {
        try (InputStream in = Files.newInputStream(cert)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = x509.getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        }
    }
}
