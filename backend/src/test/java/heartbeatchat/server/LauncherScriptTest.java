package heartbeatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/heartbeat-chat}: the JVM options it starts the server with, read from a fake
 * {@code JAVA} that prints its arguments. On one CPU (by affinity or by a cgroup quota) the quick
 * compiler alone; on two or more both compilers; {@code JAVA_OPTS} last, so it wins.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("bin/heartbeat-chat").toAbsolutePath();
    private static final String QUICK_COMPILER_ONLY = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path dir;

    /** The launcher copied into a tree of its own, beside a jar it only checks is there. */
    private Path install() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("app/bin"));
        Path launcher = bin.resolve("heartbeat-chat");
        Files.copy(SCRIPT, launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(dir.resolve("app/target")).resolve("heartbeat-chat.jar"), "");
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** The arguments the launcher gave java, one per element. */
    private List<String> javaArguments(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA", dir.resolve("java").toString());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        int exit = pb.start().waitFor();
        assertEquals(0, exit, Files.readString(dir.resolve("err")));
        return Files.readAllLines(dir.resolve("out"));
    }

    private List<String> onCpus(String cpuList, Map<String, String> env) throws Exception {
        return javaArguments(List.of("taskset", "-c", cpuList, install().toString(), "--port", "3001"), env);
    }

    @Test
    void oneCpuByAffinityRunsTheQuickCompilerOnly() throws Exception {
        List<String> args = onCpus("0", Map.of());

        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", QUICK_COMPILER_ONLY), args.subList(0, 3));
        assertEquals(List.of("-jar", dir.resolve("app/target/heartbeat-chat.jar").toString(), "--port", "3001"),
                args.subList(args.size() - 4, args.size()));
    }

    @Test
    void twoCpusKeepBothCompilers() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two CPUs");

        List<String> args = onCpus("0,1", Map.of());

        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", "-jar"), args.subList(0, 3));
    }

    @Test
    void javaOptsComeLastSoTheyWin() throws Exception {
        List<String> args = onCpus("0", Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Xmx64m"));

        int quick = args.indexOf(QUICK_COMPILER_ONLY);
        int both = args.indexOf("-XX:TieredStopAtLevel=4");
        assertEquals(List.of("-XX:TieredStopAtLevel=4", "-Xmx64m", "-jar"), args.subList(both, both + 3));
        assertEquals(true, quick >= 0 && quick < both, args.toString());
    }

    /**
     * A cgroup quota of one CPU (a container's {@code --cpus=1}) on a process that may run on two:
     * one CPU. Made with a real cgroup (v1's cpu controller, as root), or skipped.
     */
    @Test
    void aCgroupQuotaOfOneCpuCountsAsOneCpu() throws Exception {
        Path controller = Path.of("/sys/fs/cgroup/cpu");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two CPUs");
        assumeTrue(Files.isRegularFile(controller.resolve("cpu.cfs_quota_us")) && Files.isWritable(controller),
                "needs a writable cgroup v1 cpu controller");
        Path launcher = install();
        List<String> withQuota = new ArrayList<>();
        Path group = controller.resolve("heartbeat-chat-test-" + UUID.randomUUID());
        Files.createDirectory(group);
        try {
            for (int quota : new int[] {50_000, 150_000}) {
                Files.writeString(group.resolve("cpu.cfs_period_us"), "100000");
                Files.writeString(group.resolve("cpu.cfs_quota_us"), String.valueOf(quota));
                List<String> args = javaArguments(List.of("taskset", "-c", "0,1", "sh", "-c",
                        "echo $$ > " + group.resolve("cgroup.procs") + " && exec " + launcher), Map.of());
                withQuota.add(quota + ": " + args.contains(QUICK_COMPILER_ONLY));
            }
        } finally {
            Files.delete(group);
        }

        assertEquals(List.of("50000: true", "150000: false"), withQuota,
                "half a CPU rounds up to one; one and a half to two");
    }
}
