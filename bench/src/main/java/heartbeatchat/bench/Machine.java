package heartbeatchat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> describe(String serverCore) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", command("nproc", "--all"));
        m.put("cpu", cpuModel());
        m.put("java", System.getProperty("java.version"));
        m.put("node", command("node", "--version"));
        m.put("serverCore", serverCore);
        m.put("loadGeneratorCores", command("sh", "-c", "taskset -cp $PPID | sed 's/.*: //'"));
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
