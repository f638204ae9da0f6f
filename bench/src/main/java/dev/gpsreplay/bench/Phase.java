package dev.gpsreplay.bench;

/** One part of the benchmark; adds its figures to the lab's report. */
interface Phase {

    String name();

    void run(Lab lab) throws Exception;

    static Phase of(String name) {
        return switch (name) {
            case "startup" -> new StartupPhase();
            case "http" -> new HttpPhase();
            case "pipeline" -> new PipelinePhase();
            case "ingest" -> new IngestPhase();
            case "pacing" -> new PacingPhase();
            case "freshness" -> new FreshnessPhase();
            case "scale" -> new ScalePhase();
            case "soak" -> new SoakPhase();
            default -> throw new IllegalArgumentException("unknown phase " + name);
        };
    }
}
