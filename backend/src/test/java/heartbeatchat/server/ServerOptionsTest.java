package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerOptionsTest {

    @Test
    void theDefaultNodeNameIsTheHostNameAndTheProcessId() throws Exception {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            Process uname = new ProcessBuilder("uname", "-n").start();
            host = new String(uname.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, uname.waitFor());
        }
        assertEquals(host + "-" + ProcessHandle.current().pid(), ServerOptions.parse(new String[0], Map.of()).nodeName());
        assertEquals("node-a", ServerOptions.parse(new String[]{"--node-name", "node-a"}, Map.of()).nodeName());
    }
}
