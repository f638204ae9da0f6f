package dev.gpsreplay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the load and reference tools as processes, bounded in time, and parses what they print. */
final class Tools {

    private final Path work;
    private Path reportScript;
    private Path rotateScript;

    Tools(Path work) {
        this.work = work;
    }

    /** wrk -t2 -c{connections} -d{duration} on {@code url}, rotating over {@code paths} when given. */
    ToolOutput.WrkResult wrk(String url, int connections, Duration duration, List<String> paths) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "5s",
                "--latency",
                "-s",
                script(!paths.isEmpty()).toString(),
                url));
        if (!paths.isEmpty()) {
            command.add("--");
            command.addAll(paths);
        }
        return ToolOutput.wrk(run(command, duration.plusSeconds(30)));
    }

    /** redis-benchmark -t get -c {connections} -n {requests} --csv on 127.0.0.1:{port}. */
    ToolOutput.RedisBenchResult redisGet(int port, int connections, int requests) throws IOException {
        String output = run(
                List.of(
                        "redis-benchmark",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-t",
                        "get",
                        "-c",
                        Integer.toString(connections),
                        "-n",
                        Integer.toString(requests),
                        "--csv"),
                Duration.ofMinutes(5));
        return ToolOutput.redisBenchmark(output, "GET");
    }

    /**
     * Kafka's own producer benchmark (kafka-tools' ProducerPerformance, run from the broker's jars plus
     * kafka-tools) with acks=all and idempotence, as fast as it can.
     */
    ToolOutput.ProducerResult producerPerformance(
            Path kafkaLibs, Path kafkaTools, String bootstrap, String topic, long records, int recordSize)
            throws IOException {
        String output = kafkaTool(
                kafkaLibs,
                kafkaTools,
                "ProducerPerformance",
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrap,
                "acks=all",
                "enable.idempotence=true");
        return ToolOutput.producerPerformance(output);
    }

    /**
     * Kafka's own consumer benchmark (kafka-tools' ConsumerPerformance, from the same jars) reading
     * {@code records} records of {@code topic} from the beginning, in a group of its own.
     */
    ToolOutput.ConsumerResult consumerPerformance(
            Path kafkaLibs, Path kafkaTools, String bootstrap, String topic, long records) throws IOException {
        String output = kafkaTool(
                kafkaLibs,
                kafkaTools,
                "ConsumerPerformance",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--timeout",
                "30000");
        return ToolOutput.consumerPerformance(output);
    }

    /** One of kafka-tools' programs ({@code org.apache.kafka.tools.<name>}) with the broker's jars, up to 10 minutes. */
    private static String kafkaTool(Path kafkaLibs, Path kafkaTools, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ServiceProcess.javaBinary(),
                "-Xmx512m",
                "-cp",
                kafkaTools.resolve("*") + ":" + kafkaLibs.resolve("*"),
                "org.apache.kafka.tools." + name));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(10));
    }

    /** report.lua, with rotate.lua before it when requests rotate over paths. */
    private synchronized Path script(boolean rotate) throws IOException {
        if (reportScript == null) {
            byte[] report = resource("report.lua");
            byte[] rotation = resource("rotate.lua");
            reportScript = Files.write(work.resolve("report.lua"), report);
            rotateScript = work.resolve("rotate.lua");
            Files.write(rotateScript, rotation);
            Files.write(rotateScript, report, StandardOpenOption.APPEND);
        }
        return rotate ? rotateScript : reportScript;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Tools.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IOException("no resource /bench/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Runs {@code command}, returns stdout and stderr together; fails on a non-zero exit or after {@code timeout}. */
    static String run(List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = new byte[0];
            }
        });
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " took longer than " + timeout);
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        String text = output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 1)) + " exited with " + process.exitValue()
                    + ":\n" + Http.abbreviate(text));
        }
        return text;
    }
}
