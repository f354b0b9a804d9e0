package heartbeatchat.bench;

import java.util.List;

/**
 * The sizes of a run. {@link #fullRun()} is the benchmark the report is made from; {@link #smokeRun()}
 * proves the harness in seconds (CI) and claims nothing.
 */
record Settings(boolean smoke, List<Integer> connectionStages, int holdSeconds, int windowSeconds, int windows,
                int fanoutReceivers, int fanoutSenders, List<Integer> offeredDeliveries, int stormClients,
                int storeMessages, int warmupSeconds, int warmupClients, int warmupLoginRounds,
                int rooms, int roomSize, List<Integer> roomOfferedDeliveries) {

    static Settings fullRun() {
        return new Settings(false, List.of(1_000, 5_000, 10_000, 19_000), 60, 5, 3, 1_000, 10,
                List.of(20_000, 40_000, 60_000, 80_000, 120_000, 160_000, 240_000, 320_000, 480_000, 640_000, 800_000, 960_000, 1_280_000, 1_600_000, 2_000_000, 2_560_000),
                10_000, 20_000, 15, 1_000, 40,
                1_000, 19, List.of(5_000, 10_000, 15_000, 20_000, 30_000, 40_000, 60_000, 80_000, 120_000, 160_000));
    }

    static Settings smokeRun() {
        return new Settings(true, List.of(50, 100), 1, 1, 1, 50, 2, List.of(1_000), 100, 200, 1, 50, 1, 5, 4, List.of(400));
    }

    /** The same run with other fan-out steps, for profiling one load (`--offered 20000,40000`). */
    Settings withOfferedDeliveries(List<Integer> offered) {
        return new Settings(smoke, connectionStages, holdSeconds, windowSeconds, windows, fanoutReceivers, fanoutSenders,
                offered, stormClients, storeMessages, warmupSeconds, warmupClients, warmupLoginRounds, rooms, roomSize,
                offered);
    }
}
