package heartbeatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code bin/heartbeat-chat}: the JVM options it starts the server with, read from a fake
 * {@code JAVA} that prints its arguments: the serial collector and a 16 MB young generation, the
 * class-data archive when the build made one, {@code JAVA_OPTS} after them so they win, then the
 * jar and the server's own options; without a jar, one line saying how to build it.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("bin/heartbeat-chat").toAbsolutePath();

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

    private record Launch(int exit, List<String> stdout, String stderr) {
    }

    /** Runs {@code command} with the fake java and without the caller's JAVA_OPTS, then {@code env}. */
    private Launch launch(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA", dir.resolve("java").toString());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        int exit = pb.start().waitFor();
        return new Launch(exit, Files.readAllLines(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** The arguments the launcher gave java, one per element. */
    private List<String> javaArguments(List<String> command, Map<String, String> env) throws Exception {
        Launch launch = launch(command, env);
        assertEquals(0, launch.exit(), launch.stderr());
        return launch.stdout();
    }

    private List<String> run(Map<String, String> env) throws Exception {
        return javaArguments(List.of(install().toString(), "--port", "3001"), env);
    }

    @Test
    void startsTheJarWithTheMeasuredOptionsAndPassesTheServersOwn() throws Exception {
        List<String> args = run(Map.of());

        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", "-jar",
                dir.resolve("app/target/heartbeat-chat.jar").toString(), "--port", "3001"), args);
    }

    @Test
    void usesTheClassDataArchiveWhenTheBuildMadeOne() throws Exception {
        Path launcher = install();
        Path archive = dir.resolve("app/target/heartbeat-chat.jsa");
        Files.writeString(archive, "");

        List<String> args = javaArguments(List.of(launcher.toString()), Map.of());

        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar"), args.subList(0, 6));
    }

    @Test
    void javaOptsComeAfterTheLaunchersSoTheyWin() throws Exception {
        List<String> args = run(Map.of("JAVA_OPTS", "-XX:+UseParallelGC -Xmn64m"));

        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", "-XX:+UseParallelGC", "-Xmn64m", "-jar"),
                args.subList(0, 5));
    }

    @Test
    void withoutAJarItSaysHowToBuildOne() throws Exception {
        Path launcher = install();
        Files.delete(dir.resolve("app/target/heartbeat-chat.jar"));

        Launch launch = launch(List.of(launcher.toString()), Map.of());

        assertEquals(2, launch.exit());
        assertEquals(List.of(), launch.stdout(), "java is not started");
        assertEquals("heartbeat-chat: " + dir.resolve("app/target/heartbeat-chat.jar")
                + " is missing; build it first: mvn -B -DskipTests package\n", launch.stderr());
    }
}
