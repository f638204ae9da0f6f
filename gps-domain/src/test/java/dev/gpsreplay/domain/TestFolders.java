package dev.gpsreplay.domain;

import java.nio.file.Path;

/** Where the tests find track files outside the module. */
public final class TestFolders {

    private TestFolders() {}

    /**
     * The shared folder beside the repository ({@code <repo>/../shared}, holding data/dataset_gps.csv):
     * the {@code gpsreplay.shared.dir} property the parent pom's surefire configuration sets, or, when
     * run without it (from an IDE), the same place relative to this module.
     */
    public static Path sharedDir() {
        return fromPropertyOr("gpsreplay.shared.dir", "../../shared");
    }

    /**
     * The repository's data folder with the committed sample tracks: the {@code gpsreplay.data.dir}
     * property, or {@code ../data} relative to this module.
     */
    public static Path dataDir() {
        return fromPropertyOr("gpsreplay.data.dir", "../data");
    }

    private static Path fromPropertyOr(String property, String relativeToModule) {
        String value = System.getProperty(property);
        return (value == null || value.isBlank() ? Path.of(relativeToModule) : Path.of(value))
                .toAbsolutePath()
                .normalize();
    }
}
